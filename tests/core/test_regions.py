"""The region tree and the copies of its paths."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_moving_a_region_moves_the_enterprises_subtree_paths(enterprise_a, official_b):
    from core.models import Region
    from enterprises.models import Enterprise

    town = Region.objects.get(code="450102001")
    town.parent = Region.objects.get(code="450202")  # an administrator re-parents the township to 柳州
    town.save()
    enterprise_a.refresh_from_db()
    assert enterprise_a.region_path == "450000/450200/450202/450102001/"
    assert Enterprise.objects.visible_to(official_b).filter(pk=enterprise_a.pk).exists()
