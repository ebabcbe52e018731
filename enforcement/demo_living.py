"""The living demo of enforcement on the demo campaign's hazards: orders to rectify and fines that
took effect, a fine approved by 法制审核, a suspension awaiting it, and an enterprise on the
blacklist after its objection period — through the services, at dates of the last months.

Idempotent: once the first order's document number exists, nothing is added.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.demo import demo_clock, demo_moment

from . import services
from .models import EnforcementAction


def _doc(year: int, n: int) -> str:
    return f"南应急责改〔{year}〕{n}号"


def load_living_enforcement(*, campaign, official, legal) -> None:
    from hazards.models import Hazard

    year = timezone.localdate().year
    if EnforcementAction.objects.filter(doc_number=_doc(year, 101)).exists():
        return
    hazards = list(
        Hazard.objects.filter(campaign=campaign, inspection__isnull=False)
        .exclude(inspection__kind="self")
        .select_related("enterprise")
        .order_by("found_at", "id")
    )
    if len(hazards) < 20:
        return
    today = timezone.localdate()

    def age(hazard) -> int:
        return (today - timezone.localtime(hazard.found_at).date()).days

    # Orders to rectify (责令限期整改), effective at once, on hazards of different months.
    for n, hazard in enumerate(hazards[5:60:11]):
        with demo_clock(demo_moment(max(age(hazard) - 1, 1), 14)):
            services.enforcement_create(
                actor=official,
                kind="order_rectify",
                hazard=hazard,
                description=f"{hazard.description}，责令限期整改。",
                legal_basis="《安全生产法》第六十五条",
                doc_number=_doc(year, 101 + n),
                ends_on=today - datetime.timedelta(days=age(hazard) - 30),
            )
    # Fines below the major threshold take effect at once; one above it was approved by 法制审核.
    for n, (hazard, amount) in enumerate([(hazards[12], 20000), (hazards[40], 30000), (hazards[70], 60000)]):
        with demo_clock(demo_moment(max(age(hazard) - 5, 2), 10)):
            action = services.enforcement_create(
                actor=official,
                kind="fine",
                amount=amount,
                hazard=hazard,
                description=f"{hazard.description}，逾期未整改。",
                legal_basis="《安全生产法》第一百零二条",
                doc_number=f"（南）应急罚〔{year}〕{n + 11}号",
            )
        if action.major:
            with demo_clock(demo_moment(max(age(hazard) - 7, 1), 16)):
                services.enforcement_review(
                    action=action, actor=legal, approve=True, note="事实清楚，证据确凿，程序合法。"
                )
    # A suspension (责令停产停业整顿) decided last week, waiting for 法制审核.
    major = next((h for h in reversed(hazards) if h.is_major and h.status != "closed"), hazards[-1])
    with demo_clock(demo_moment(6, 11)):
        services.enforcement_create(
            actor=official,
            kind="suspension",
            hazard=major,
            description=f"{major.description}，存在重大事故隐患，责令停产停业整顿。",
            legal_basis="《安全生产法》第一百一十三条",
            doc_number=f"（南）应急停〔{year}〕3号",
            starts_on=today + datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=33),
        )
    # The blacklist (联合惩戒): told 30 days ago, listed after the objection period.
    enterprise = hazards[20].enterprise
    with demo_clock(demo_moment(30, 9)):
        entry = services.blacklist_notify(
            actor=official,
            enterprise=enterprise,
            reason="存在重大事故隐患，拒不执行停产停业整顿决定",
            legal_basis="《安全生产领域严重失信主体名单管理办法》",
        )
    with demo_clock(demo_moment(20, 9)):
        services.blacklist_list(entry=entry, actor=official)
