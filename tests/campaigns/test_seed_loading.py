"""The built-in seed content: five campaigns and five checklists loaded, idempotent, verbatim."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Submission
from checklists.models import ChecklistItem, ChecklistTemplate

pytestmark = pytest.mark.django_db
# The five notices sit beside the repository: <repository>/../shared/seeds (tests/campaigns/ is
# two levels below the repository root).
REPOSITORY = Path(__file__).resolve().parents[2]
SEEDS = REPOSITORY.parent / "shared" / "seeds"


def _seed_text(number: str) -> str:
    """The seed document's text without white space; a missing document fails the test (never skips)."""
    if not SEEDS.is_dir():
        pytest.fail(
            f"seed documents folder {SEEDS} is missing: the seeds 000–004 must sit in ../shared/seeds "
            f"beside the repository {REPOSITORY}",
            pytrace=False,
        )
    path = next(SEEDS.glob(f"{number}_*.txt"), None)
    if path is None:
        pytest.fail(f"seed document {number}_*.txt is missing from {SEEDS}", pytrace=False)
    return re.sub(r"\s+", "", path.read_text(encoding="utf-8"))


def test_the_five_seed_documents_sit_beside_the_repository():
    assert sorted(p.name[:3] for p in SEEDS.glob("*_*.txt")) == ["000", "001", "002", "003", "004"], (
        f"the seed documents 000–004 are expected in {SEEDS} (../shared/seeds beside the repository)"
    )
    assert all(_seed_text(n) for n in ("000", "001", "002", "003", "004"))


@pytest.fixture
def loaded(db):
    call_command("load_seed_content")


def test_five_campaigns_and_five_checklists_are_loaded_once(loaded):
    call_command("load_seed_content")
    assert Campaign.objects.filter(parent=None).count() == 5
    assert sorted(Campaign.objects.values_list("source_seed", flat=True)) == ["000", "001", "002", "003", "004"]
    assert ChecklistTemplate.objects.count() == 5
    assert all(t.source_seed for t in ChecklistTemplate.objects.all())


def test_seed_000_patrol_has_its_document_number_deadline_and_group_rules(loaded):
    c = Campaign.objects.get(source_seed="000")
    assert (c.doc_number, c.issue_date, c.region.code) == ("桂政办电〔2018〕68号", date(2018, 4, 11), "450000")
    assert (c.group_min_size, c.group_max_size, c.group_leaders, c.group_deputies) == (4, 6, 1, 2)
    assert (c.visit_days_min, c.visit_days_max, c.visits_per_month) == (3, 5, 2)
    summary = c.report_requirements.get()
    assert (summary.title, summary.due_date) == ("专项巡查行动总结报告", date(2018, 7, 5))
    assert set(c.checklists.values_list("code", flat=True)) == {"seed000-main-responsibility", "seed000-head-interview"}


def test_seed_001_has_three_phases_kpi_targets_and_tasks_with_leads(loaded):
    c = Campaign.objects.get(source_seed="001")
    assert [p.name for p in c.phases.all()] == ["动员部署阶段", "集中整治阶段", "总结提升阶段"]
    training = c.targets.get(name="重点行业领域企业主要负责人安全生产培训率100%")
    assert training.indicator == "principal_training_rate" and training.key_industries_only
    assert c.targets.get(name="高危行业企业“三项岗位”人员持证上岗率100%").indicator == "certified_personnel_rate"
    assert c.targets.get(name="典型生产安全事故警示教育率100%").indicator == ""
    task = c.tasks.get(title="明确安全生产监管职责")
    assert (task.lead_name, task.deadline, task.cooperating_names) == ("市委编办", date(2020, 12, 31), ["市应急管理局"])
    assert c.report_requirements.get(title="当季度工作进展情况").recurrence == "quarterly"


def test_seed_004_monthly_report_on_the_23rd_and_five_phases(loaded):
    c = Campaign.objects.get(source_seed="004")
    assert (c.doc_number, c.period_start, c.period_end) == (
        "兴应急发〔2022〕18号",
        date(2022, 5, 2),
        date(2022, 11, 30),
    )
    assert c.phases.count() == 5 and c.phases.last().name == "巩固提升“回头看”阶段"
    monthly = c.report_requirements.get(recurrence="monthly")
    assert (monthly.title, monthly.day_of_month, monthly.submitters) == ("工作进展情况", 23, "enterprises")
    assert monthly.stat_form == "seed004"  # "每月23日按附件要求报送": the attachment is the statistics form
    quantified = dict(c.targets.values_list("name", "indicator"))
    assert quantified["对县局负责检查的企业按照不少于10%的比例进行抽查"] == "spot_check_rate"
    assert set(c.industries.values_list("code", flat=True)) == {"metallurgy", "industry_trade"}


def test_seed_002_checklist_holds_the_13_common_violations_verbatim(loaded):
    text = _seed_text("002")
    t = ChecklistTemplate.objects.get(code="seed002-enforcement")
    common = t.sections.get(title="共性执法内容")
    assert common.items.count() == 13
    for item in common.items.all():
        assert re.sub(r"\s+", "", item.text) in text


def test_seed_004_dust_explosion_items_are_major_hazard_criteria(loaded):
    item = ChecklistItem.objects.get(
        template__code="seed004-metallurgy-industry-trade", text="不同防火分区的除尘系统互联互通"
    )
    assert item.major_criterion and item.implied_hazard_level == "major"
    assert list(item.industries.values_list("code", flat=True)) == ["dust_explosion"]


def test_seed_003_sections_keep_their_lead_departments(loaded):
    t = ChecklistTemplate.objects.get(code="seed003-patrol-points")
    assert t.sections.exclude(lead_department="").exists()
    assert t.items.filter(text__startswith="是否组织学习贯彻落实习近平总书记").exists()


@pytest.mark.parametrize(
    "code,seed",
    [
        ("seed000-main-responsibility", "000"),
        ("seed002-enforcement", "002"),
        ("seed003-patrol-points", "003"),
        ("seed004-metallurgy-industry-trade", "004"),
    ],
)
def test_every_checklist_item_is_a_verbatim_piece_of_its_seed(loaded, code, seed):
    text = _seed_text(seed)
    missing = [
        i.text for i in ChecklistItem.objects.filter(template__code=code) if re.sub(r"\s+", "", i.text) not in text
    ]
    assert missing == []


def test_interview_duties_cite_the_work_safety_law(loaded):
    t = ChecklistTemplate.objects.get(code="seed000-head-interview")
    assert t.kind == "interview"
    assert t.items.filter(legal_basis__contains="安全生产法").count() >= 7


def test_seed_report_requirements_have_their_due_submissions(loaded):
    c = Campaign.objects.get(source_seed="004")
    # 兴县 has no enterprises in a bare test database; the requirement rows exist regardless.
    assert c.report_requirements.count() == 3
    assert Submission.objects.filter(requirement__campaign=c).count() == 0


def test_another_campaign_citing_a_seed_does_not_hide_the_seed_campaign(db, official_a, region):
    """E.g. a demo 南宁 campaign marked source seed 000 exists before the seed content is loaded."""
    from campaigns.services import campaign_create

    demo = campaign_create(actor=official_a, title="南宁市专项检查（演示）", region=region("450100"))
    Campaign.objects.filter(pk=demo.pk).update(source_seed="000")
    call_command("load_seed_content")
    assert Campaign.objects.filter(doc_number="桂政办电〔2018〕68号").count() == 1
