"""Pages: list, detail with the actions the user may take, the HTML action flow, the public report page."""

from __future__ import annotations

import pytest
from django.test import Client

from hazards.models import Hazard, PublicReport
from tests.hazards.conftest import photo

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_detail_offers_only_the_users_actions(enterprise_user, official_a, make_hazard):
    hazard = make_hazard(status="rectifying")
    assert "action-submit_rectification" in _client(enterprise_user).get(f"/hazards/{hazard.pk}/").content.decode()
    assert "action-submit_rectification" not in _client(official_a).get(f"/hazards/{hazard.pk}/").content.decode()


def test_html_loop_reject_then_accept_shows_every_step(enterprise_user, official_a, make_hazard):
    hazard = make_hazard(status="rectifying")
    ent, off = _client(enterprise_user), _client(official_a)
    url = f"/hazards/{hazard.pk}/do/"
    ent.post(
        url + "submit_rectification/",
        {"submit_rectification-description": "已更换", "submit_rectification-photos": photo(), "version": 1},
    )
    off.post(url + "reject/", {"reject-reason": "照片不清楚", "version": 2})
    ent.post(
        url + "submit_rectification/",
        {"submit_rectification-description": "重拍", "submit_rectification-photos": photo(), "version": 3},
    )
    off.post(url + "accept/", {"accept-note": "合格", "version": 4})
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    page = off.get(f"/hazards/{hazard.pk}/").content.decode()
    for label in ("提交整改", "验收不通过", "验收销号", "照片不清楚"):
        assert label in page
    photo_id = hazard.evidence.first().pk
    assert off.get(f"/hazards/evidence/{photo_id}/").status_code == 200


def test_stale_form_shows_the_concurrency_message(official_a, official_a2, make_hazard):
    hazard = make_hazard(status="awaiting_acceptance")
    _client(official_a).post(f"/hazards/{hazard.pk}/do/accept/", {"accept-note": "A", "version": 1})
    r = _client(official_a2).post(f"/hazards/{hazard.pk}/do/accept/", {"accept-note": "B", "version": 1}, follow=True)
    assert "已被他人修改" in r.content.decode()


# The hazard pages of one hazard: (method, url, form). Drives both the 404 of another jurisdiction
# and the owner's success, so a renamed page fails instead of turning the 404 check green.
HAZARD_PAGES = [
    ("get", "/hazards/{id}/", None),
    ("post", "/hazards/{id}/do/accept/", {"accept-note": "合格", "version": 1}),
]
HAZARD_PAGE_IDS = [f"{method} {url}" for method, url, _ in HAZARD_PAGES]


@pytest.mark.parametrize(("method", "url", "form"), HAZARD_PAGES, ids=HAZARD_PAGE_IDS)
@pytest.mark.parametrize("persona", ["official_b", "enterprise_user_b", "outsider"])
def test_other_jurisdiction_gets_404_on_pages(request, make_hazard, persona, method, url, form):
    hazard = make_hazard(status="awaiting_acceptance")
    c = _client(request.getfixturevalue(persona))
    response = c.get(url.format(id=hazard.pk)) if form is None else c.post(url.format(id=hazard.pk), form)
    assert response.status_code == 404
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_acceptance"


@pytest.mark.parametrize(("method", "url", "form"), HAZARD_PAGES, ids=HAZARD_PAGE_IDS)
def test_the_owner_succeeds_on_the_same_pages(official_a, make_hazard, method, url, form):
    hazard = make_hazard(status="awaiting_acceptance")
    c = _client(official_a)
    if form is None:
        assert c.get(url.format(id=hazard.pk)).status_code == 200
    else:
        response = c.post(url.format(id=hazard.pk), form)
        assert (response.status_code, response.headers["Location"]) == (302, f"/hazards/{hazard.pk}/")
        hazard.refresh_from_db()
        assert hazard.status == "closed"


def test_lists_render_for_officials_and_enterprises(official_a, enterprise_user, legal_a, make_hazard):
    make_hazard()
    for user in (official_a, enterprise_user, legal_a):
        c = _client(user)
        for url in (
            "/hazards/",
            "/hazards/?overdue=true",
            "/hazards/?listed=true",
        ):
            assert c.get(url).status_code == 200, url
    assert _client(official_a).get("/hazards/reports/").status_code == 200


def test_public_report_page_works_without_login(agency_a):
    c = Client()
    page = c.get("/public/report/").content.decode()
    assert "验证码" in page
    import re

    token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
    a, b = re.search(r'id="captcha-question">(\d) \+ (\d)', page).groups()
    r = c.post(
        "/public/report/",
        {
            "description": "仓库堆放大量烟花爆竹",
            "location": "民生街道某仓库",
            "region": "450102001",
            "industry": "hazchem",
            "captcha_token": token,
            "captcha_answer": str(int(a) + int(b)),
            "photo": photo("scene.png"),
        },
    )
    assert r.status_code == 302
    report = PublicReport.objects.get()
    assert c.get(r["Location"]).content.decode().count(report.tracking_number) >= 1


def test_demo_loader_makes_hazards_in_several_states():
    from core.demo import load_demo

    load_demo()
    load_demo()  # idempotent
    states = set(Hazard.objects.filter(enterprise__name="南宁邕江化工有限公司").values_list("status", flat=True))
    assert {"reported", "rectifying", "closed"} <= states
