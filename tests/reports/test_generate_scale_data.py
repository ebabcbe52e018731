"""`manage.py generate_scale_data` (issue 13): a small run in the test database, checked for what
the large one promises — counts, valid codes, realistic states, consistent regions, an intact audit
chain, statistics computed over it, the same rows for the same seed, and refusal without --replace."""

from __future__ import annotations

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.utils import timezone

pytestmark = pytest.mark.django_db

TODAY = "2026-06-30"
ENTERPRISES, HAZARDS = 300, 2000


def run(**options) -> str:
    out = StringIO()
    options = {"enterprises": ENTERPRISES, "hazards": HAZARDS, "seed": 7, "today": TODAY, **options}
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def generated():
    return run()


def digest() -> str:
    """A fingerprint of the generated rows (by their codes, not only their ids) and the chain's end."""
    from core.models import AuditChainHead

    h = hashlib.sha256()
    with connection.cursor() as cur:
        for sql in (
            """SELECT e.id, e.name, e.uscc, r.code, e.risk_grade, e.size, e.licence_valid_until, e.employees
               FROM enterprises_enterprise e JOIN core_region r ON r.id = e.region_id ORDER BY e.id""",
            """SELECT id, enterprise_id, kind, method, status, actual_start, reviewed_at
               FROM inspections_inspection ORDER BY id""",
            """SELECT id, enterprise_id, inspection_id, level, status, found_at, closed_at, deadline, listed_level,
                      funds_spent FROM hazards_hazard ORDER BY id""",
            "SELECT id, due_date, submitted_at FROM campaigns_submission ORDER BY id",
        ):
            cur.execute(sql)
            for row in cur.fetchall():
                h.update(repr(row).encode())
    h.update(AuditChainHead.objects.get(pk=1).last_hash.encode())
    return h.hexdigest()


def test_a_small_run_writes_the_numbers_asked_for_and_reports_its_progress(generated):
    from campaigns.models import Campaign, Submission
    from core.models import AuditEntry
    from enterprises.models import Enterprise
    from hazards.models import Hazard
    from inspections.models import Inspection

    assert Enterprise.objects.count() == ENTERPRISES
    assert Hazard.objects.count() == HAZARDS
    assert Inspection.objects.count() > HAZARDS // 4
    assert Campaign.objects.filter(parent__isnull=True).count() == 4  # 2023 … 2026
    assert Submission.objects.filter(submitted_at__isnull=False).exists()
    assert AuditEntry.objects.filter(action="report").count() == HAZARDS
    closed = Hazard.objects.filter(status="closed").count()
    assert AuditEntry.objects.filter(action="accept").count() == closed
    for table in ("enterprises_enterprise", "hazards_hazard", "core_auditentry"):
        assert table in generated
    assert "rows/s" in generated and "done:" in generated


def test_every_enterprise_has_a_valid_unique_credit_code_and_its_industries(generated):
    from core.uscc import uscc_error
    from enterprises.models import Enterprise, EnterpriseIndustryClosure

    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert [c for c in codes if uscc_error(c)] == []
    assert len(set(codes)) == ENTERPRISES
    assert not Enterprise.objects.filter(industries__isnull=True).exists()
    # The closure view (statistics by industry) lifts 冶金 to 工贸.
    metallurgy = Enterprise.objects.filter(industries__code="metallurgy").values_list("id", flat=True)
    lifted = EnterpriseIndustryClosure.objects.filter(enterprise_id__in=metallurgy, industry__code="industry_trade")
    assert lifted.count() == len(set(metallurgy))


def test_states_are_distributed_as_intended(generated):
    from hazards.models import Hazard

    hazards = Hazard.objects.all()
    closed = hazards.filter(status="closed").count() / HAZARDS
    major = hazards.filter(level="major").count() / HAZARDS
    assert 0.85 < closed < 0.99
    assert 0.015 < major < 0.05
    assert hazards.filter(level="major").exclude(listed_level="").exists()  # 挂牌督办
    assert hazards.overdue(on=date.fromisoformat(TODAY)).exists()
    assert hazards.filter(status="rectifying").exists() and hazards.filter(status="awaiting_acceptance").exists()
    # 五定 filled wherever rectification started; closed ones carry their closing time.
    assert not hazards.filter(status="rectifying", responsible_person="").exists()
    assert not hazards.filter(status="closed", closed_at__isnull=True).exists()
    assert not hazards.filter(found_at__gte=timezone.make_aware(timezone.datetime(2026, 6, 30))).exists()


def test_every_hazard_lies_in_its_enterprise_region_and_inspection(generated):
    from enterprises.models import Enterprise
    from hazards.models import Hazard

    assert Enterprise.objects.exclude(region_path=F("region__path")).count() == 0
    assert Enterprise.objects.exclude(region_path__startswith="450000/").count() == 0
    assert Enterprise.objects.filter(region__level__in=["township", "grid"]).count() == ENTERPRISES
    with_inspection = Hazard.objects.filter(inspection__isnull=False)
    assert with_inspection.exists()
    assert with_inspection.exclude(inspection__enterprise_id=F("enterprise_id")).count() == 0
    assert Hazard.objects.filter(found_at__lt=F("inspection__actual_end")).count() == 0


def test_the_audit_chain_verifies(generated):
    from core.audit import audit_verify
    from core.models import AuditEntry

    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    report = audit_verify()
    assert report.ok and report.checked == AuditEntry.objects.count()
    # In time order, like the real record.
    times = list(AuditEntry.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)


def test_the_statistics_form_computes_over_the_generated_data(generated):
    from campaigns.models import Campaign
    from campaigns.selectors import campaign_tree_ids
    from core.models import Region
    from hazards.models import Hazard
    from reports.statistics.forms import live_form
    from reports.statistics.scope import make_scope

    campaign = Campaign.objects.get(title="2025年全区安全生产治本攻坚专项行动")
    scope = make_scope(region=Region.objects.get(code="450000"), period="total", campaign=campaign)
    data = live_form("seed004", scope)
    total = next(r for r in data["rows"] if r["kind"] == "total")["values"]
    expected = Hazard.objects.filter(
        campaign_id__in=campaign_tree_ids(campaign),
        found_at__gte=scope.start_dt,
        found_at__lt=scope.end_dt,
    )
    assert total["general_found"] == expected.filter(level="general").count() > 0
    assert total["major_found"] == expected.filter(level="major").count()
    assert len(data["details"]) == total["major_found"]


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(generated):
    # --replace restarts the ids (the test database's sequences have moved on in earlier tests).
    run(replace=True)
    first = digest()
    run(replace=True)
    assert digest() == first
    run(replace=True, seed=8)
    assert digest() != first


def test_it_refuses_a_database_with_data_unless_replace(generated):
    from hazards.models import Hazard

    with pytest.raises(CommandError, match="--replace"):
        run(hazards=10)
    assert Hazard.objects.count() == HAZARDS
    run(hazards=10, replace=True)
    assert Hazard.objects.count() == 10


def test_replace_leaves_a_protected_audit_record_alone(generated):
    from core.models import AuditEntry

    entries = AuditEntry.objects.count()
    with connection.cursor() as cur:
        cur.execute("SET LOCAL anquan.audit_truncate_allowed = 'off'")
    with pytest.raises(CommandError, match="anquan.audit_truncate_allowed"):
        run(replace=True)
    assert AuditEntry.objects.count() == entries


def test_bad_options_are_refused_naming_the_option():
    with pytest.raises(CommandError, match="--enterprises 须为正整数"):
        run(enterprises=0)
    with pytest.raises(CommandError, match="--today"):
        run(today="2026-13-01")
    with pytest.raises(CommandError, match="--database-url"):
        run(database_url="sqlite:///x.db")
