"""Long submission lists paginate (issue 11: 234 rows on one page) and render as cards on the
phone (table-cards with a data-label per cell); 一键催报 still counts every late unit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from campaigns.models import Submission
from campaigns.services import requirement_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(campaign_a, enterprise_a, official_a):
    """75 submissions of enterprise_a: 60 overdue (due in the past), 15 pending."""
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="隐患排查治理月报",
        recurrence="once",
        due_date=date(2099, 1, 1),
        submitters="enterprises",
    )
    first = requirement.submissions.get()
    today = date.today()
    rows = [
        Submission(
            requirement=requirement,
            unit_key=first.unit_key,
            enterprise=enterprise_a,
            region_path=first.region_path,
            period_label=f"第{n}期",
            due_date=today - timedelta(days=n) if n <= 60 else today + timedelta(days=n),
        )
        for n in range(1, 75)
    ]
    Submission.objects.bulk_create(rows)
    return requirement


def _rows(html: str) -> int:
    body = html.split('id="submissions"', 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr>") - 1  # minus the header row


def test_submissions_page_shows_50_rows_and_links_to_the_next_page(client, official_a, campaign_a, many):
    client.force_login(official_a)
    first = client.get(f"/campaigns/{campaign_a.pk}/submissions/").content.decode()
    assert _rows(first) == 50
    assert "共 75 条" in first
    cursor = re.search(r'rel="next" href="\?cursor=([\w-]+)"', first)
    assert cursor, "no link to the next page"
    second = client.get(f"/campaigns/{campaign_a.pk}/submissions/?cursor={cursor.group(1)}").content.decode()
    assert _rows(second) == 25 and 'rel="next"' not in second and 'rel="prev"' in second


def test_pagination_keeps_the_status_filter(client, official_a, campaign_a, many):
    client.force_login(official_a)
    page = client.get(f"/campaigns/{campaign_a.pk}/submissions/?status=overdue").content.decode()
    assert "共 60 条" in page
    assert re.search(r'rel="next" href="\?status=overdue&amp;cursor=[\w-]+"', page)


def test_remind_late_counts_every_late_unit_not_only_this_page(client, official_a, campaign_a, many):
    client.force_login(official_a)
    first = client.get(f"/campaigns/{campaign_a.pk}/submissions/").content.decode()
    cursor = re.search(r'rel="next" href="\?cursor=([\w-]+)"', first).group(1)
    page = client.get(f"/campaigns/{campaign_a.pk}/submissions/?cursor={cursor}").content.decode()
    badge = re.search(r'id="remind-late-form".*?badge text-bg-light">(\d+)<', page, re.S)
    assert badge and badge.group(1) == "60"


def test_submissions_table_is_cards_on_the_phone(client, official_a, campaign_a, many):
    client.force_login(official_a)
    page = client.get(f"/campaigns/{campaign_a.pk}/submissions/").content.decode()
    assert 'class="table table-sm align-middle table-cards"' in page
    for label in ("报送内容", "期次", "报送单位", "截止日期", "状态"):
        assert f'data-label="{label}"' in page


def test_garbage_page_number_shows_the_first_page_and_bad_requirement_is_ignored(client, official_a, campaign_a, many):
    client.force_login(official_a)
    response = client.get(f"/campaigns/{campaign_a.pk}/submissions/?page=abc&requirement=x")
    assert response.status_code == 200
    assert _rows(response.content.decode()) == 50


def test_my_submissions_paginates_for_the_enterprise(client, enterprise_user, many):
    client.force_login(enterprise_user)
    page = client.get("/campaigns/submissions/mine/").content.decode()
    assert "共 75 条" in page
    body = page.split('id="my-submissions"', 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") - 1 == 50
    assert 'data-label="截止日期"' in page


def test_another_region_gets_404_on_the_submissions_page(client, official_b, enterprise_user_b, campaign_a, many):
    client.force_login(official_b)
    assert client.get(f"/campaigns/{campaign_a.pk}/submissions/").status_code == 404
    client.force_login(enterprise_user_b)
    page = client.get("/campaigns/submissions/mine/").content.decode()
    assert "共 0 条" in page
