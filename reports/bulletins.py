"""Bulletins (通报): seed 004 has the city "打分排队并进行定期通报" — score and rank the sub-units and
publish it regularly; seed 002 exposes major hazards and blacklisted enterprises every quarter.

- `bulletin_data`: the content as plain data — each sub-unit's components (检查覆盖率, 隐患整改率,
  重大隐患销号率 from the statistics module; 按时报送率 from the campaign's submissions), its
  score under the campaign's weights and its rank; the overdue major hazards; the late units.
- `exposure_data`: the quarter's major hazards still open or under 挂牌督办 and the enterprises on
  the blacklist, within the unit.
- `score_chart_svg`: a bar chart drawn on the server (no browser).
- `bulletin_create` (draft) and `bulletin_issue` (frozen: snapshot, SHA-256, PDF).
"""

from __future__ import annotations

from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import SUBMITTED_LATE, SUBMITTED_ON_TIME, Campaign, Submission
from campaigns.selectors import campaign_tree_ids
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.models import Region
from enforcement.choices import BlacklistStatus
from enforcement.models import BlacklistEntry
from enterprises.scoping import is_writer
from hazards.choices import HazardLevel, HazardStatus
from hazards.models import Hazard

from .models import Bulletin, BulletinKind, BulletinStatus
from .notifications import notify_bulletin_issued
from .selectors import digest, unit_agency
from .statistics.figures import rate_value, rows_of
from .statistics.forms import live_form
from .statistics.scope import StatScope, make_scope

COMPONENTS = [  # (key, label, weight field of the campaign)
    ("coverage_rate", _("检查覆盖率"), "score_coverage"),
    ("rectification_rate", _("隐患整改率"), "score_rectification"),
    ("major_closure_rate", _("重大隐患销号率"), "score_major_closed"),
    ("timeliness_rate", _("按时报送率"), "score_timeliness"),
]


def _timeliness(campaign: Campaign, scope: StatScope) -> dict[str, tuple[int, int]]:
    """Per sub-region code: (submissions made by their due date, submissions due) in the period."""
    children = {c.path: c.code for c in Region.objects.filter(parent=scope.region)}
    due = Submission.objects.filter(
        requirement__campaign_id__in=campaign_tree_ids(campaign), agency__isnull=False, due_date__lte=scope.end
    )
    if scope.start:
        due = due.filter(due_date__gte=scope.start)
    out: dict[str, tuple[int, int]] = {}
    for path, code in children.items():
        counts = due.filter(region_path__startswith=path).aggregate(
            total=Count("id"), on_time=Count("id", filter=SUBMITTED_ON_TIME)
        )
        out[code] = (counts["on_time"], counts["total"])
    return out


def bulletin_data(*, campaign: Campaign, scope: StatScope, doc_number: str = "") -> dict:
    """The ranking bulletin's content; DomainError naming `period` when there is nothing to rank."""
    form = live_form("seed004", scope)
    children = [r for r in form["rows"] if r["kind"] == "child"]
    timeliness = _timeliness(campaign, scope)
    weights = {key: getattr(campaign, field) for key, _label, field in COMPONENTS}
    rows = []
    for row in children:
        v = row["values"]
        on_time, due = timeliness.get(row["key"], (0, 0))
        components = {
            "coverage_rate": v.get("coverage_rate"),
            "rectification_rate": v.get("rectification_rate"),
            "major_closure_rate": rate_value(v.get("major_rectified"), v.get("major_found")),
            "timeliness_rate": rate_value(on_time, due),
        }
        points = {k: round((components[k] or 0) * weights[k] / 100, 1) for k in components}
        rows.append(
            {
                "region": row["key"],
                "name": row["label"],
                "components": components,
                "points": points,
                "score": round(sum(points.values()), 1),
                "hazards_found": (v.get("general_found") or 0) + (v.get("major_found") or 0),
                "enterprises_inspected": v.get("enterprises_inspected") or 0,
            }
        )
    total = next(r for r in form["rows"] if r["kind"] == "total")["values"]
    if not rows or not (total.get("general_found") or total.get("major_found") or total.get("enterprises_inspected")):
        raise DomainError(_("统计期 %(p)s 内没有可通报的数据。") % {"p": scope.period}, field="period")
    rows.sort(key=lambda r: (-r["score"], r["region"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    overdue = (
        rows_of("hazards_overdue", scope)
        .filter(level=HazardLevel.MAJOR)
        .select_related("enterprise")
        .order_by("deadline")[:200]
    )
    late = Submission.objects.filter(
        requirement__campaign_id__in=campaign_tree_ids(campaign),
        agency__isnull=False,
        region_path__startswith=scope.region.path,
        due_date__lte=scope.end,
    ).filter(Q(submitted_at__isnull=True) | SUBMITTED_LATE)
    if scope.start:
        late = late.filter(due_date__gte=scope.start)
    return {
        "kind": BulletinKind.RANKING,
        "title": _("关于%(c)s工作进展情况的通报") % {"c": campaign.title},
        "doc_number": doc_number,
        "unit": (unit_agency(scope.region) or scope.region).__str__(),
        "period_label": form["period_label"],
        "weights": [{"key": k, "label": str(label), "weight": weights[k]} for k, label, _f in COMPONENTS],
        "rows": rows,
        "totals": {
            k: total.get(k) for k in ("general_found", "major_found", "hazards_rectified", "enterprises_inspected")
        },
        "overdue_major": [
            {"enterprise": h.enterprise.name, "description": h.description, "deadline": h.deadline.isoformat()}
            for h in overdue
        ],
        "late_units": sorted({f"{s.agency.name}（{s.period_label}）" for s in late.select_related("agency")[:500]}),
        "chart": score_chart_svg([(r["name"], r["score"]) for r in rows]),
    }


def exposure_data(*, scope: StatScope, doc_number: str = "") -> dict:
    """Seed 002's quarterly exposure: the major hazards still open and the blacklisted enterprises."""
    hazards = (
        Hazard.objects.filter(scope.enterprise_q("enterprise", own_region_path=True), level=HazardLevel.MAJOR)
        .exclude(status=HazardStatus.CLOSED)
        .select_related("enterprise")
        .order_by("found_at")[:500]
    )
    listed = BlacklistEntry.objects.filter(
        scope.enterprise_q("enterprise"), status=BlacklistStatus.LISTED
    ).select_related("enterprise")[:500]
    if not hazards and not listed:
        raise DomainError(
            _("统计期 %(p)s 内没有需要曝光的重大隐患和黑名单企业。") % {"p": scope.period}, field="period"
        )
    return {
        "kind": BulletinKind.EXPOSURE,
        "title": _("重大事故隐患和安全生产失信企业曝光"),
        "doc_number": doc_number,
        "unit": (unit_agency(scope.region) or scope.region).__str__(),
        "period_label": _("截至 %(d)s") % {"d": scope.end},
        "hazards": [
            {
                "enterprise": h.enterprise.name,
                "description": h.description,
                "status": str(h.get_status_display()),
                "listed": str(h.get_listed_level_display()) if h.listed_level else "",
            }
            for h in hazards
        ],
        "blacklist": [
            {"enterprise": e.enterprise.name, "reason": e.reason, "listed_on": str(e.listed_on)} for e in listed
        ],
    }


def score_chart_svg(bars: list[tuple[str, float]], *, width: int = 640, bar_height: int = 22) -> str:
    """A horizontal bar chart of the scores (0–100) as an SVG string drawn here, on the server."""
    label_w, pad = 110, 6
    height = pad * 2 + max(1, len(bars)) * (bar_height + pad) + 18
    plot = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Noto Sans CJK SC" font-size="11">'
    ]
    for tick in range(0, 101, 20):
        x = label_w + plot * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - 18}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#666">{tick}</text>')
    for i, (name, score) in enumerate(bars):
        y = pad + i * (bar_height + pad)
        w = plot * max(0.0, min(100.0, score)) / 100
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="#2f6fb0"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}">{score:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_bulletin_pdf(data: dict) -> bytes:
    """The bulletin as PDF (WeasyPrint, CJK fonts); it fetches nothing from outside."""
    from weasyprint import HTML

    def deny(url, *args, **kwargs):
        raise ValueError(f"bulletins load no resources: {url}")

    html = render_to_string("reports/bulletin_pdf.html", {"data": data, "printed_at": timezone.localtime()})
    return HTML(string=html, url_fetcher=deny).write_pdf()


def _content(bulletin: Bulletin) -> dict:
    scope = make_scope(region=bulletin.region, period=bulletin.period, campaign=bulletin.campaign)
    if bulletin.kind == BulletinKind.EXPOSURE:
        return exposure_data(scope=scope, doc_number=bulletin.doc_number)
    return bulletin_data(campaign=bulletin.campaign, scope=scope, doc_number=bulletin.doc_number)


def bulletin_content(bulletin: Bulletin) -> dict:
    """Frozen once issued; computed now while a draft."""
    return bulletin.snapshot if bulletin.status == BulletinStatus.ISSUED else _content(bulletin)


def bulletin_pdf_bytes(bulletin: Bulletin) -> bytes:
    """The bulletin's PDF: the one kept when it was issued, else the draft rendered now."""
    if bulletin.status == BulletinStatus.ISSUED:
        with bulletin.pdf.open("rb") as handle:
            return handle.read()
    return render_bulletin_pdf(bulletin_content(bulletin))


def _check_author(actor, region: Region) -> None:
    """A bulletin goes out in the name of the region's unit: only that unit's administrators and
    inspectors draft and issue it (an industry regulator of the same region may not)."""
    if actor.is_superuser:
        return
    unit = unit_agency(region)
    if not is_writer(actor) or unit is None or actor.agency_id != unit.pk:
        raise NotPermitted(_("只有通报单位的管理员或检查人员可以起草和印发通报。"))


@transaction.atomic
def bulletin_create(
    *,
    actor,
    region: Region,
    period: str,
    campaign: Campaign | None = None,
    kind: str = BulletinKind.RANKING,
    doc_number: str = "",
) -> Bulletin:
    """A draft bulletin; refused (naming the field) without a campaign for a ranking, or with no data."""
    _check_author(actor, region)
    if kind not in BulletinKind.values:
        raise DomainError(_("通报类型「%(k)s」不存在。") % {"k": kind}, field="kind")
    if kind == BulletinKind.RANKING and campaign is None:
        raise DomainError(_("工作通报须选择专项行动。"), field="campaign")
    agency = unit_agency(region)
    if agency is None:
        raise DomainError(_("%(r)s没有通报单位。") % {"r": region.name}, field="region")
    bulletin = Bulletin(
        kind=kind, campaign=campaign, region=region, agency=agency, period=period, doc_number=doc_number.strip(),
        created_by=actor,
    )  # fmt: skip
    content = _content(bulletin)  # validates the period and that there is something to say
    bulletin.title = str(content["title"])[:200]
    bulletin.save()
    audit_record(actor=actor, obj=bulletin, action="bulletin_create", changes={"period": period, "kind": kind})
    return bulletin


@transaction.atomic
def bulletin_issue(*, actor, bulletin: Bulletin, doc_number: str = "") -> Bulletin:
    """Issue (印发): the content is frozen with its SHA-256 and PDF and shown to the sub-units."""
    _check_author(actor, bulletin.region)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status == BulletinStatus.ISSUED:
        raise TransitionNotAllowed(_("通报已印发，不能重复印发。"))
    if doc_number.strip():
        bulletin.doc_number = doc_number.strip()
    if not bulletin.doc_number:
        raise DomainError(_("请填写通报文号。"), field="doc_number")
    content = _content(bulletin)
    content["issued_at"] = timezone.localtime().isoformat(timespec="seconds")
    bulletin.snapshot = content
    bulletin.snapshot_sha256 = digest(content)
    bulletin.pdf.save(f"bulletin-{bulletin.pk}.pdf", ContentFile(render_bulletin_pdf(content)), save=False)
    bulletin.status, bulletin.issued_by, bulletin.issued_at = BulletinStatus.ISSUED, actor, timezone.now()
    bulletin.save()
    audit_record(
        actor=actor, obj=bulletin, action="bulletin_issue", to_state=BulletinStatus.ISSUED,
        changes={"sha256": bulletin.snapshot_sha256, "doc_number": bulletin.doc_number},
    )  # fmt: skip
    notify_bulletin_issued(bulletin=bulletin)
    return bulletin
