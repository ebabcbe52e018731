"""The living demo of inspections: a few dozen official inspections of the demo campaign over
南宁 spread over the last twelve months, each filled and submitted through the services (so the
failing items and findings become hazards with their whole-process records), a self-inspection
whose photo becomes a hazard's 整改前 photo, inspections planned this week and in progress, and the
campaign's monthly reports (报送) of the districts, on time, late and still due.

Reproducible (core.demo.DEMO_SEED, dates relative to today) and idempotent: once the demo campaign
has official inspections, nothing is added.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from core.demo import DEMO_SEED, demo_clock, demo_moment

SUBMITTED_INSPECTIONS = 36

#: Notes of failing management items (the checklist is seed 000's main-responsibility checklist).
MANAGEMENT_NOTES = [
    "未提供相关记录",
    "制度已建立但未落实到班组",
    "台账记录不完整",
    "未按要求开展",
    "责任未明确到具体岗位",
]

#: Problems found on site (表外发现): description, location, level, category.
SITE_FINDINGS = [
    ("配电柜前堆放杂物，阻挡操作空间", "配电室", "general", "site"),
    ("消防通道被货物占用", "成品仓库", "general", "site"),
    ("灭火器压力不足，未按月检查", "生产车间", "general", "site"),
    ("安全出口指示灯损坏", "办公楼一层", "general", "site"),
    ("有限空间作业未设置警示标识", "污水处理池", "general", "site"),
    ("特种作业人员操作证过期", "焊接工位", "general", "basic"),
    ("可燃气体报警器未定期检定", "储罐区", "general", "site"),
    ("应急预案未按期演练", "安全管理部", "general", "basic"),
    ("临时用电线路私拉乱接", "维修车间", "general", "site"),
    ("砂轮机防护罩缺失", "机修间", "general", "site"),
    ("危化品储存超量，禁忌物料混放", "危化品仓库", "major", "site"),
    ("粉尘涉爆场所除尘系统未设置泄爆装置", "抛光车间", "major", "site"),
    ("安全教育培训记录缺失", "安全管理部", "general", "basic"),
    ("叉车未定期检验", "装卸区", "general", "site"),
    ("液氨管道阀门泄漏，未及时处置", "制冷机房", "major", "site"),
    ("高处作业未系安全带", "厂房屋面", "general", "site"),
    ("气瓶未固定，空瓶实瓶混放", "气瓶间", "general", "site"),
    ("隐患排查治理台账未及时更新", "安全管理部", "general", "basic"),
    ("电气设备接地不良", "空压机房", "general", "site"),
    ("疏散通道宽度不足", "员工宿舍", "general", "site"),
]

KINDS = [
    ("enforcement", "double_random"),
    ("enforcement", "double_random"),
    ("enforcement", "unannounced"),
    ("patrol", "planned"),
    ("spot_check", "double_random"),
]


def demo_photo(name: str, label: str, seed: int) -> SimpleUploadedFile:
    """A small picture standing in for a site photo (a labelled, shaded scene)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randint(90, 160), rng.randint(90, 150), rng.randint(80, 140)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 560), rng.randint(0, 400)
        draw.rectangle(
            [x, y, x + rng.randint(40, 200), y + rng.randint(30, 160)],
            fill=tuple(rng.randint(40, 230) for _ in range(3)),
        )
    draw.rectangle([0, 440, 640, 480], fill=(0, 0, 0))
    draw.text((12, 452), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _answers(items, rng, failing: int) -> list[dict]:
    bad = set(rng.sample(range(len(items)), failing)) if failing else set()
    return [
        {"item": item.pk, "result": "non_compliant", "note": rng.choice(MANAGEMENT_NOTES)}
        if n in bad
        else {"item": item.pk, "result": "compliant"}
        for n, item in enumerate(items)
    ]


def load_living_inspections(*, campaign, template, official, inspector2, leader, own_enterprise) -> None:
    from enterprises.demo import enterprise_demo_user

    from .choices import InspectionKind
    from .models import Inspection
    from .selectors import applicable_items
    from .services import (
        finding_add,
        inspection_add_evidence,
        inspection_plan,
        inspection_request_self,
        inspection_review,
        inspection_save_answers,
        inspection_submit,
    )

    if Inspection.objects.filter(campaign=campaign).exclude(kind=InspectionKind.SELF).exists():
        return
    rng = random.Random(DEMO_SEED)
    scope = list(campaign.enterprises_in_scope(user=official).exclude(pk=own_enterprise.pk).order_by("uscc"))
    chosen = rng.sample(scope, min(len(scope), SUBMITTED_INSPECTIONS + 6))
    days = sorted(rng.sample(range(4, 350), SUBMITTED_INSPECTIONS), reverse=True)
    inspectors = [official, inspector2]
    for n, (enterprise, days_ago) in enumerate(zip(chosen, days, strict=False)):
        kind, method = KINDS[n % len(KINDS)]
        day = timezone.localdate() - timedelta(days=days_ago)
        with demo_clock(demo_moment(days_ago, 9)):
            inspection = inspection_plan(
                actor=official,
                campaign=campaign,
                enterprise=enterprise,
                kind=kind,
                method=method,
                inspectors=inspectors,
                planned_start=day,
                planned_end=day + timedelta(days=3 if kind == "patrol" else 0),  # patrols: 3–5 days on site
                template=template,
            )
            items = applicable_items(inspection)
            inspection_save_answers(
                actor=official, inspection=inspection, answers=_answers(items, rng, rng.randint(1, 2))
            )
            for description, location, level, _category in rng.sample(SITE_FINDINGS, rng.randint(3, 5)):
                finding_add(
                    actor=official, inspection=inspection, description=description, level=level, location=location
                )
            inspection_submit(actor=official, inspection=inspection, conclusion="存在安全隐患，已责令企业限期整改。")
        if days_ago > 30:
            with demo_clock(demo_moment(days_ago - 3, 15)):
                inspection_review(actor=leader, inspection=inspection, note="同意检查结论。")

    # Planned this week and in progress (the officials' to-do), on enterprises not yet inspected.
    rest = chosen[SUBMITTED_INSPECTIONS:]
    today = timezone.localdate()
    for n, enterprise in enumerate(rest[:4]):
        planned = inspection_plan(
            actor=official,
            campaign=campaign,
            enterprise=enterprise,
            kind="enforcement",
            method="double_random" if n % 2 else "planned",
            inspectors=inspectors,
            planned_start=today + timedelta(days=n),
            planned_end=today + timedelta(days=n),
            template=template,
        )
        if n == 0:  # started on site this morning: a draft of answers
            items = applicable_items(planned)
            inspection_save_answers(actor=official, inspection=planned, answers=_answers(items[:8], rng, 0))

    # An enterprise's self-inspection, 40 days ago: its photo becomes the hazard's 整改前 photo.
    if len(rest) > 4:
        enterprise = rest[4]
        user = enterprise_demo_user(enterprise)
        with demo_clock(demo_moment(45, 10)):
            (self_check,) = inspection_request_self(
                actor=official,
                campaign=campaign,
                template=template,
                deadline=timezone.localdate() + timedelta(days=14),
                enterprises=[enterprise],
            )
        with demo_clock(demo_moment(40, 14)):
            items = applicable_items(self_check)
            answers = _answers(items, rng, 0)
            # The item on facilities and equipment (设施、装备), else the last one.
            n = next((i for i, item in enumerate(items) if "设施" in item.text), len(items) - 1)
            answers[n] = {"item": items[n].pk, "result": "non_compliant", "note": "二号仓库安全警示标志脱落"}
            inspection_save_answers(actor=user, inspection=self_check, answers=answers)
            inspection_add_evidence(
                actor=user,
                inspection=self_check,
                upload=demo_photo("warehouse-2.jpg", "No.2 warehouse", seed=DEMO_SEED + 40),
                item=items[n],
                note="二号仓库东侧",
            )
            inspection_submit(actor=user, inspection=self_check)


def load_living_submissions(*, campaign, official) -> None:
    """Monthly progress reports of the districts (on the 23rd, seed 004) since the campaign began —
    most on time, some late, the latest still due or overdue — and the enterprises' self-check
    report due next week."""
    from accounts.models import User
    from campaigns.models import ReportRequirement
    from campaigns.services import requirement_add, submission_submit

    if ReportRequirement.objects.filter(campaign=campaign).exists():
        return
    rng = random.Random(DEMO_SEED + 1)
    monthly = requirement_add(
        actor=official,
        campaign=campaign,
        title="隐患排查治理进展情况月报",
        recurrence="monthly",
        day_of_month=23,
        submitters="lower_agencies",
    )
    requirement_add(
        actor=official,
        campaign=campaign,
        title="企业自查自纠情况报告",
        recurrence="once",
        due_date=timezone.localdate() + timedelta(days=7),
        submitters="enterprises",
    )
    submitters = {
        u.agency_id: u
        for u in User.objects.filter(kind="official", role="inspector", agency__isnull=False).order_by("id")
    }
    today = timezone.localdate()
    for submission in monthly.submissions.order_by("due_date", "id"):
        user = submitters.get(submission.agency_id)
        since_due = (today - submission.due_date).days
        if user is None or since_due < 20:  # the last month or two: still due, or overdue
            continue
        late = rng.random() < 0.2
        when = since_due - (rng.randint(1, 6) if late else -rng.randint(0, 3))
        with demo_clock(demo_moment(max(when, 1), 16)):
            submission_submit(
                actor=user,
                submission=submission,
                text=f"{submission.period_label}：本辖区开展检查、隐患整改情况见附表，重大隐患均已落实五到位。",
            )
