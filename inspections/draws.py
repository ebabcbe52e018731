"""双随机 draws and city spot-check draws: inputs recorded before drawing, reproducible, verifiable.

How to verify a draw (shown on the draw page): take the stored `inputs` JSON, serialise it as
canonical JSON (sorted keys, no spaces, UTF-8) and compare its SHA-256 with `inputs_digest`;
then run `compute_draw(inputs)` — `random.Random(int(inputs["seed"]))`, enterprises drawn first
(`sample`, or Efraimidis–Spirakis keys `u ** (1/w)` when weighted), then inspectors per enterprise
(`sample` of the pool) — and compare with the stored `result`. `GET /api/v1/draws/{id}/verify/`
does exactly that.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audit_record
from core.errors import DomainError, NotPermitted

from .choices import InspectionKind, InspectionMethod, InspectionStatus
from .models import Draw, DrawKind, Inspection

SUPERVISION_WEIGHTS = {"good": 1, "average": 2, "key": 3}


def canonical_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def inputs_digest(inputs: dict) -> str:
    return hashlib.sha256(canonical_json(inputs)).hexdigest()


def compute_draw(inputs: dict) -> list[dict]:
    """The draw itself, a pure function of the recorded inputs."""
    rng = random.Random(int(inputs["seed"]))
    candidates = list(inputs["candidates"])
    n = int(inputs["count"])
    if inputs.get("weights"):
        weights = inputs["weights"]
        keys = [(rng.random() ** (1.0 / w), -index) for index, w in enumerate(weights)]
        order = sorted(range(len(candidates)), key=lambda i: keys[i], reverse=True)
        drawn = [candidates[i] for i in order[:n]]
    else:
        drawn = rng.sample(candidates, n)
    pool = list(inputs["pool"])
    k = int(inputs["inspectors_per_inspection"])
    return [{"enterprise": e, "inspectors": rng.sample(pool, k) if k else []} for e in drawn]


def _inspector_pool(actor) -> list[int]:
    today = timezone.localdate()
    users = User.objects.filter(agency_id=actor.agency_id, kind="official", is_active=True).order_by("id")
    return [u.pk for u in users if u.has_valid_enforcement_cert(on=today)]


def _ensure_official(actor, campaign) -> None:
    from campaigns.models import Campaign

    if not getattr(actor, "is_official", False):
        raise NotPermitted(_("只有监管部门人员可以随机抽取。"))
    if not Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists():
        raise NotPermitted(_("您无权访问该专项行动。"))


def _record_and_draw(
    *, actor, campaign, kind: str, inputs: dict, inspection_kind: str, method: str, planned_start=None, planned_end=None
) -> Draw:
    """Store the inputs and their digest first, then draw, store the result and plan the inspections."""
    from enterprises.models import Enterprise

    from .services import inspection_plan

    draw = Draw.objects.create(
        campaign=campaign,
        kind=kind,
        agency=actor.agency,
        actor=actor,
        seed=inputs["seed"],
        inputs=inputs,
        inputs_digest=inputs_digest(inputs),
    )
    audit_record(actor=actor, obj=draw, action="draw_inputs", changes={"inputs_digest": draw.inputs_digest})
    result = compute_draw(inputs)
    draw.result = result
    draw.save(update_fields=["result"])
    enterprises = Enterprise.objects.in_bulk([r["enterprise"] for r in result])
    users = User.objects.in_bulk([u for r in result for u in r["inspectors"]])
    for row in result:
        inspection_plan(
            actor=actor,
            campaign=campaign,
            enterprise=enterprises[row["enterprise"]],
            kind=inspection_kind,
            method=method,
            inspectors=[users[u] for u in row["inspectors"]],
            draw=draw,
            planned_start=planned_start,
            planned_end=planned_end,
            check_scope=False,  # candidates were taken from the actor's in-scope enterprises
        )
    audit_record(actor=actor, obj=draw, action="draw", changes={"result": result})
    return draw


@transaction.atomic
def draw_perform(
    *,
    actor,
    campaign,
    count: int | None = None,
    share: float | None = None,
    risk_grades: list[str] | None = None,
    supervision_classes: list[str] | None = None,
    weighted: bool = False,
    inspectors_per_inspection: int = 2,
    seed: int | None = None,
    planned_start=None,
    planned_end=None,
) -> Draw:
    """A 双随机 draw: `count` (or `share` of) the in-scope enterprises the actor may see, optionally
    filtered by risk grade / supervision class and weighted by supervision class (good 1, average 2,
    key 3: seed 002 差异化执法), each with inspectors drawn from the agency's certified pool."""
    _ensure_official(actor, campaign)
    qs = campaign.enterprises_in_scope(user=actor)
    if risk_grades:
        qs = qs.filter(risk_grade__in=risk_grades)
    if supervision_classes:
        qs = qs.filter(supervision_class__in=supervision_classes)
    rows = list(qs.order_by("id").values_list("id", "supervision_class"))
    if not rows:
        raise DomainError(_("没有符合条件的企业可供抽取。"), field="count")
    if count is None and share is None:
        raise DomainError(_("请填写抽取数量或比例。"), field="count")
    n = int(count) if count is not None else math.ceil(float(share) * len(rows))
    if n < 1:
        raise DomainError(_("抽取数量至少为 1。"), field="count")
    n = min(n, len(rows))
    pool = _inspector_pool(actor)
    k = int(inspectors_per_inspection)
    if k < 2:
        raise DomainError(_("执法检查每组至少 2 名执法人员。"), field="inspectors_per_inspection")
    if len(pool) < k:
        raise DomainError(
            _("本部门持有效执法证的人员只有 %(p)d 名，不足每组 %(k)d 名。") % {"p": len(pool), "k": k},
            field="inspectors_per_inspection",
        )
    inputs = {
        "kind": DrawKind.DOUBLE_RANDOM,
        "campaign": campaign.pk,
        "agency": actor.agency_id,
        "candidates": [r[0] for r in rows],
        "weights": [SUPERVISION_WEIGHTS.get(r[1] or "average", 2) for r in rows] if weighted else None,
        "pool": pool,
        "count": n,
        "inspectors_per_inspection": k,
        "params": {
            "count": count,
            "share": share,
            "risk_grades": sorted(risk_grades or []),
            "supervision_classes": sorted(supervision_classes or []),
            "weighted": bool(weighted),
        },
        "seed": str(seed if seed is not None else secrets.randbits(64)),
        "recorded_at": timezone.now().isoformat(),
    }
    return _record_and_draw(
        actor=actor,
        campaign=campaign,
        kind=DrawKind.DOUBLE_RANDOM,
        inputs=inputs,
        inspection_kind=InspectionKind.ENFORCEMENT,
        method=InspectionMethod.DOUBLE_RANDOM,
        planned_start=planned_start,
        planned_end=planned_end,
    )


def county_inspected_enterprise_ids(*, actor, campaign, county_region=None) -> list[int]:
    """Enterprises (visible to the actor) that county-level agencies inspected in the campaign."""
    qs = Inspection.objects.visible_to(actor).filter(
        campaign=campaign,
        status__in=[InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED],
        agency__region__level="county",
    )
    if county_region is not None:
        qs = qs.filter(agency__region__path__startswith=county_region.path)
    return sorted(set(qs.values_list("enterprise_id", flat=True)))


@transaction.atomic
def draw_spot_check(
    *,
    actor,
    campaign,
    county_region=None,
    percent: float = 10,
    seed: int | None = None,
    planned_start=None,
    planned_end=None,
) -> Draw:
    """City-level spot-check (seed 004: 市级抽查不少于10%): at least ceil(percent %) of the
    enterprises the county inspected, drawn reproducibly like a 双随机 draw."""
    _ensure_official(actor, campaign)
    candidates = county_inspected_enterprise_ids(actor=actor, campaign=campaign, county_region=county_region)
    if not candidates:
        raise DomainError(_("县级尚未提交该专项行动的检查，无可抽查的企业。"), field="county_region")
    n = max(1, math.ceil(len(candidates) * float(percent) / 100))
    pool = _inspector_pool(actor)
    k = 2
    if len(pool) < k:
        raise DomainError(_("本部门持有效执法证的人员不足 2 名。"), field="inspectors_per_inspection")
    inputs = {
        "kind": DrawKind.SPOT_CHECK,
        "campaign": campaign.pk,
        "agency": actor.agency_id,
        "candidates": candidates,
        "weights": None,
        "pool": pool,
        "count": n,
        "inspectors_per_inspection": k,
        "params": {"percent": float(percent), "county_region": getattr(county_region, "code", None)},
        "seed": str(seed if seed is not None else secrets.randbits(64)),
        "recorded_at": timezone.now().isoformat(),
    }
    return _record_and_draw(
        actor=actor,
        campaign=campaign,
        kind=DrawKind.SPOT_CHECK,
        inputs=inputs,
        inspection_kind=InspectionKind.SPOT_CHECK,
        method=InspectionMethod.DOUBLE_RANDOM,
        planned_start=planned_start,
        planned_end=planned_end,
    )


def draw_verify(draw: Draw) -> dict:
    """Recompute the digest and the draw from the stored inputs and compare with what was stored."""
    digest = inputs_digest(draw.inputs)
    recomputed = compute_draw(draw.inputs)
    return {
        "draw": draw.pk,
        "seed": draw.seed,
        "inputs_digest": draw.inputs_digest,
        "recomputed_digest": digest,
        "digest_ok": digest == draw.inputs_digest,
        "result_ok": recomputed == draw.result,
        "ok": digest == draw.inputs_digest and recomputed == draw.result,
        "result": recomputed,
    }
