"""Report requirements: due submissions per unit and period, idempotent generation, lateness."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import ReportRequirement, Submission
from campaigns.services import campaign_create, requirement_add, submission_submit, submissions_generate
from campaigns.tasks import generate_due_submissions
from core.errors import DomainError, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter_campaign(official_gx, region, agency_a, agency_b):
    agency_a.parent = official_gx.agency
    agency_a.save()
    agency_b.parent = official_gx.agency
    agency_b.save()
    return campaign_create(
        actor=official_gx,
        title="一季度专项行动",
        region=region("450000"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )


def _monthly(campaign, day=31, submitters="lower_agencies"):
    return ReportRequirement.objects.create(
        campaign=campaign, title="工作进展情况", recurrence="monthly", day_of_month=day, submitters=submitters
    )


def test_monthly_day_31_over_a_quarter_falls_on_the_last_day_of_february(quarter_campaign, agency_a, agency_b):
    requirement = _monthly(quarter_campaign)
    created = submissions_generate(requirement=requirement, until=date(2026, 3, 31))
    assert created == 6  # 2 lower agencies × 3 months
    dues = sorted(set(requirement.submissions.values_list("due_date", flat=True)))
    assert dues == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert set(requirement.submissions.values_list("agency_id", flat=True)) == {agency_a.pk, agency_b.pk}
    labels = sorted(set(requirement.submissions.values_list("period_label", flat=True)))
    assert labels == ["2026年1月", "2026年2月", "2026年3月"]


def test_generation_is_idempotent_and_only_creates_begun_periods(quarter_campaign):
    requirement = _monthly(quarter_campaign, day=23)
    assert submissions_generate(requirement=requirement, until=date(2026, 1, 15)) == 2
    assert submissions_generate(requirement=requirement, until=date(2026, 1, 15)) == 0
    assert submissions_generate(requirement=requirement, until=date(2026, 2, 1)) == 2
    assert submissions_generate(requirement=requirement, until=date(2026, 12, 1)) == 2
    assert requirement.submissions.count() == 6


def test_quarterly_requirement_is_due_at_each_quarter_end(official_gx, region, agency_b):
    agency_b.parent = official_gx.agency
    agency_b.save()
    campaign = campaign_create(
        actor=official_gx,
        title="下半年",
        region=region("450000"),
        period_start=date(2020, 7, 1),
        period_end=date(2020, 12, 31),
    )
    requirement = ReportRequirement.objects.create(
        campaign=campaign, title="当季度工作进展情况", recurrence="quarterly", submitters="lower_agencies"
    )
    submissions_generate(requirement=requirement, until=date(2021, 1, 1))
    assert sorted(requirement.submissions.values_list("due_date", "period_label")) == [
        (date(2020, 9, 30), "2020年第3季度"),
        (date(2020, 12, 31), "2020年第4季度"),
    ]


def test_enterprises_in_scope_each_owe_a_submission(campaign_a, enterprise_a, enterprise_b, official_a):
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=date(2026, 5, 6),
        submitters="enterprises",
    )
    assert list(requirement.submissions.values_list("enterprise_id", flat=True)) == [enterprise_a.pk]


def test_status_is_pending_before_due_overdue_after_and_submitted_once_sent(
    campaign_a, enterprise_a, enterprise_user, official_a
):
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=timezone.localdate(),
        submitters="enterprises",
    )
    submission = requirement.submissions.get()
    assert submission.status == "pending"
    Submission.objects.filter(pk=submission.pk).update(due_date=date(2020, 1, 1))
    submission.refresh_from_db()
    assert submission.status == "overdue" and submission.get_status_display() == "逾期"
    assert Submission.objects.with_status("overdue").count() == 1
    submission_submit(actor=enterprise_user, submission=submission, text="已完成部署。")
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.submitted_late
    assert Submission.objects.with_status("overdue").count() == 0


def test_only_the_owing_unit_may_submit_and_something_must_be_sent(
    campaign_a, enterprise_a, enterprise_user_b, enterprise_user, official_a
):
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=date(2026, 12, 1),
        submitters="enterprises",
    )
    submission = requirement.submissions.get()
    with pytest.raises(NotPermitted):
        submission_submit(actor=enterprise_user_b, submission=submission, text="x")
    with pytest.raises(DomainError, match="请上传文件或填写"):
        submission_submit(actor=enterprise_user, submission=submission)
    with pytest.raises(DomainError, match="不支持的文件类型"):
        submission_submit(actor=enterprise_user, submission=submission, upload=SimpleUploadedFile("a.exe", b"MZ"))
    submission_submit(
        actor=enterprise_user, submission=submission, upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test")
    )
    submission.refresh_from_db()
    assert submission.original_name == "方案.pdf" and submission.file


def test_once_requirement_needs_a_due_date_and_recurring_needs_a_period(campaign_a, official_a, region):
    with pytest.raises(DomainError, match="截止日期"):
        requirement_add(actor=official_a, campaign=campaign_a, title="x", recurrence="once", submitters="enterprises")
    undated = campaign_create(actor=official_a, title="无期限", region=region("450100"))
    with pytest.raises(DomainError, match="开始和结束日期"):
        requirement_add(actor=official_a, campaign=undated, title="x", recurrence="monthly", submitters="enterprises")


def test_daily_task_generates_due_submissions_idempotently(quarter_campaign):
    year = timezone.localdate().year
    quarter_campaign.period_start, quarter_campaign.period_end = date(year, 1, 1), date(year, 12, 31)
    quarter_campaign.save()
    requirement = _monthly(quarter_campaign, day=1)
    generate_due_submissions()
    first = requirement.submissions.count()
    assert first == 2 * timezone.localdate().month  # 南宁 and 柳州, every month begun this year
    generate_due_submissions()
    assert requirement.submissions.count() == first


def test_industry_regulator_sees_only_submissions_of_enterprises_it_supervises(
    official_a, construction_official, region
):
    from campaigns.selectors import submissions_for
    from tests.factories import EnterpriseFactory

    builder = EnterpriseFactory(industries=["construction"])
    EnterpriseFactory(industries=["hazchem"])
    campaign = campaign_create(actor=official_a, title="全行业", region=region("450100"))
    requirement_add(
        actor=official_a,
        campaign=campaign,
        title="方案",
        recurrence="once",
        due_date=date(2026, 5, 6),
        submitters="enterprises",
    )
    assert submissions_for(official_a).count() == 2
    assert [s.enterprise_id for s in submissions_for(construction_official)] == [builder.pk]
