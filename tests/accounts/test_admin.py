"""The back office respects jurisdiction for agency administrators who are not superusers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin_b(official_b):
    official_b.is_staff = True
    official_b.role = "admin"
    official_b.save()
    official_b.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client = Client()
    client.force_login(official_b)
    return client


def test_agency_admin_lists_only_users_of_their_region(staff_admin_b, official_a, official_b):
    page = staff_admin_b.get("/admin/accounts/user/").content.decode()
    assert "official_b" in page and "official_a" not in page
    assert staff_admin_b.get(f"/admin/accounts/user/{official_a.pk}/change/").status_code in (302, 404)


def test_agency_admin_cannot_grant_superuser(staff_admin_b, official_b):
    page = staff_admin_b.get(f"/admin/accounts/user/{official_b.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
