"""Pages: the enforcement and blacklist lists, the public disclosure page, the demo."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_lists_render_for_officials_and_enterprises(official_a, enterprise_user, legal_a, make_hazard):
    make_hazard()
    for user in (official_a, enterprise_user, legal_a):
        c = _client(user)
        for url in ("/hazards/enforcement/", "/hazards/blacklist/"):
            assert c.get(url).status_code == 200, url


def test_disclosure_page_works_without_login():
    assert Client().get("/public/disclosure/").status_code == 200


def test_demo_loader_publishes_and_fines_the_listed_major_hazard():
    from core.demo import load_demo
    from enforcement.models import EnforcementAction, Publication

    load_demo()
    load_demo()  # idempotent
    published = Publication.objects.get(kind="major_hazard", withdrawn=False)
    assert "紧急切断装置" in published.summary
    fine = EnforcementAction.objects.get(hazard=published.hazard)
    assert fine.kind == "fine" and fine.major and not fine.effective
