"""Screenshots and checks of the pages issue 11 fixed: the Chinese 404 page, the draw page in
plain Chinese with its verification, a hazard with the self-inspection photo as its 整改前 photo,
and the paginated submissions page as cards on the phone (desktop and phone)."""

from __future__ import annotations

import pytest


@pytest.fixture
def living(transactional_db, settings):
    from core.demo import load_demo

    settings.DEMO_LIVING = True
    load_demo()


def test_404_page_is_chinese_in_the_layout(living, page, phone_page, login, shot):
    for pg, name in ((page, "defects-404-desktop"), (phone_page, "defects-404-phone")):
        login(pg, "nn_official")
        response = pg.goto(f"{pg.base_url}/no-such-page/")
        assert response.status == 404
        assert pg.locator("h1", has_text="页面不存在").is_visible()
        assert pg.locator(".app-navbar").count() == 1
        shot(pg, name)


def test_draw_page_explains_itself_and_shows_the_verification(living, page, phone_page, login, shot):
    from accounts.models import User
    from campaigns.models import Campaign
    from inspections.demo import DEMO_CAMPAIGN_TITLE
    from inspections.draws import draw_perform

    official = User.objects.get(username="nn_official")
    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    draw = draw_perform(actor=official, campaign=campaign, count=3, inspectors_per_inspection=2)
    login(page, "nn_official")
    page.goto(f"{page.base_url}/inspections/draws/new/")
    assert "查哪家企业、由谁去查" in page.content()
    assert "random.Random" not in page.content()
    shot(page, "defects-draw-form-desktop")
    for pg, name in ((page, "defects-draw-detail-desktop"), (phone_page, "defects-draw-detail-phone")):
        if pg is phone_page:
            login(pg, "nn_official")
        pg.goto(f"{pg.base_url}/inspections/draws/{draw.pk}/")
        body = pg.content()
        assert pg.locator("#draw-verified").is_visible()
        assert "复核通过" in body and "u^(1/" not in body and "random.Random" not in body
        assert draw.seed in pg.locator("#draw-seed").inner_text()
        shot(pg, name)


def test_hazard_from_a_self_inspection_shows_its_before_photo(living, page, phone_page, login, shot):
    from hazards.models import Hazard

    hazard = Hazard.objects.filter(inspection__kind="self", evidence__after=False).first()
    assert hazard is not None
    for pg, name in ((page, "defects-hazard-before-photo-desktop"), (phone_page, "defects-hazard-before-photo-phone")):
        login(pg, "nn_official")
        pg.goto(f"{pg.base_url}/hazards/{hazard.pk}/")
        assert pg.locator("text=整改前").first.is_visible()
        image = pg.locator("img.evidence-thumb").first
        assert image.evaluate("img => img.naturalWidth") > 0
        assert hazard.description in pg.content() and not hazard.description[:1].isdigit()
        shot(pg, name)


def test_submissions_page_paginates_and_is_cards_on_the_phone(living, page, phone_page, login, shot):
    from campaigns.models import Campaign, Submission
    from inspections.demo import DEMO_CAMPAIGN_TITLE

    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    total = Submission.objects.filter(requirement__campaign=campaign).count()
    assert total > 50
    busiest = {"requirement__campaign": campaign.pk, "n": total}
    campaign_id = campaign.pk
    for pg, name in ((page, "defects-submissions-desktop"), (phone_page, "defects-submissions-phone")):
        login(pg, "nn_official")
        pg.goto(f"{pg.base_url}/campaigns/{campaign_id}/submissions/")
        assert pg.locator("#submissions tbody tr").count() == 50
        assert pg.locator(".app-pagination").is_visible()
        assert f"共 {busiest['n']} 条" in pg.content()
        shot(pg, name)
