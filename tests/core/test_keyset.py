"""Keyset pagination (core.keyset): walking a list page by page, forwards and back, gives exactly the
rows of the full ordered list, whatever the duplicates and NULLs in the sort columns; a cursor the
list did not make is refused; counts are exact up to the limit and estimated (约) above it."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.test import override_settings

from core.keyset import InvalidCursor, bounded_count, paginate
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

ORDERINGS = [
    ("name", "id"),
    ("-licence_valid_until", "name"),  # nullable, with duplicates
    ("licence_valid_until", "-employees"),
    ("-created_at",),
]


@pytest.fixture
def registry(db):
    rng = random.Random(7)
    for _i in range(37):
        EnterpriseFactory(
            name=f"企业{rng.randrange(12):02d}",  # many equal names
            licence_valid_until=None if rng.random() < 0.3 else date(2027, 1, 1) + timedelta(days=rng.randrange(4)),
            employees=rng.randrange(3),
        )
    return Enterprise.objects.all()


def _walk(qs, ordering, per_page):
    pages, cursor = [], None
    while True:
        page = paginate(qs, cursor=cursor, per_page=per_page, ordering=ordering)
        pages.append(page)
        if not page.has_next:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("per_page", [1, 5, 50])
def test_forward_and_back_walks_give_the_full_ordered_list(registry, ordering, per_page):
    from core.keyset import _ordered, ordering_of

    expected = [e.pk for e in _ordered(registry, ordering_of(registry, ordering), False)]
    pages = _walk(registry, ordering, per_page)
    assert [e.pk for p in pages for e in p] == expected
    assert len(expected) == 37 and not pages[0].has_previous and not pages[-1].has_next
    # Back from the last page, each previous page is the page before it.
    back, page = [], pages[-1]
    while page.has_previous:
        page = paginate(registry, cursor=page.previous_cursor, per_page=per_page, ordering=ordering)
        back.append([e.pk for e in page])
    assert back[::-1] == [[e.pk for e in p] for p in pages[:-1]]


@pytest.mark.parametrize(
    "cursor", ["garbage", "e30", "eyJ2IjogWzFdLCAiYiI6IDB9", "eyJ2IjogWyJ4IiwgInkiXSwgImIiOiAwfQ"]
)  # the last: an id "y"
def test_a_cursor_the_list_did_not_make_is_refused(registry, cursor):
    with pytest.raises(InvalidCursor) as refused:
        paginate(registry, cursor=cursor, ordering=("name", "id"))
    assert "cursor" in str(refused.value)


def test_counts_are_exact_up_to_the_limit_and_estimated_above(registry):
    assert bounded_count(registry, limit=37) == (37, False)
    count, estimated = bounded_count(registry, limit=10)
    assert estimated and count >= 11
    with override_settings(LIST_EXACT_COUNT_LIMIT=10):
        page = paginate(registry, ordering=("name", "id"))
    assert page.count_estimated and page.count >= 11


def test_the_api_walks_by_cursor_and_refuses_a_bad_one(api_for, official_a, registry):
    client = api_for(official_a)
    seen, url = [], "/api/v1/enterprises/?page_size=10"
    while url:
        body = client.get(url).json()
        assert body["count"] == 37 and body["count_estimated"] is False
        seen += [e["id"] for e in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(registry.values_list("pk", flat=True)) and len(set(seen)) == 37
    bad = client.get("/api/v1/enterprises/?cursor=garbage")
    assert bad.status_code == 400 and "cursor" in bad.json()
    assert client.get("/api/v1/enterprises/?page_size=500").status_code == 400


def test_the_html_list_goes_forward_and_back_and_jumps_to_a_name(client, official_a, registry):
    client.force_login(official_a)
    first = client.get("/enterprises/")
    page = first.context["page_obj"]
    assert len(page) == 30 and page.has_next and not page.has_previous
    assert "下一页" in first.content.decode() and "上一页" not in first.content.decode()
    second = client.get(f"/enterprises/?cursor={page.next_cursor}").context["page_obj"]
    assert len(second) == 7 and second.has_previous and not second.has_next
    back = client.get(f"/enterprises/?cursor={second.previous_cursor}").context["page_obj"]
    assert [e.pk for e in back] == [e.pk for e in page]
    jumped = client.get("/enterprises/?from=企业06").context["page_obj"]
    assert jumped.object_list and all(e.name >= "企业06" for e in jumped) and jumped.has_previous
    # A spoiled cursor shows the first page instead of an error.
    assert [e.pk for e in client.get("/enterprises/?cursor=xx").context["page_obj"]] == [e.pk for e in page]


@pytest.mark.parametrize("value", ["2026-13-45", "9999-12-31", "明天"])
def test_a_jump_to_an_impossible_date_says_so_and_shows_the_first_page(client, official_a, value):
    client.force_login(official_a)
    response = client.get("/hazards/", {"from": value})
    assert response.status_code == 200
    assert f"无法跳转到“{value}”" in response.content.decode()
    assert not response.context["page_obj"].has_previous
