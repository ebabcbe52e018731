"""COPY lines of the walk's inspections and hazards, of the submissions, and of the audit record with
its hash chain computed exactly as core.audit computes it (so `verify_audit` passes)."""

from __future__ import annotations

import hashlib
import heapq
import json
from array import array
from collections.abc import Iterator
from datetime import datetime, timedelta
from json.encoder import encode_basestring as enc  # what json.dumps(ensure_ascii=False) writes for a str

from core.audit import GENESIS

from .copyload import NULL, esc, opt
from .walk import Hazard, Inspection, Step, Walk
from .world import local_dt

INSPECTION_COLUMNS = [
    "id", "kind", "method", "status", "planned_start", "planned_end", "actual_start", "actual_end", "conclusion",
    "created_at", "submitted_at", "reviewed_at", "doc_number", "interviewee_name", "interviewee_post",
    "review_note", "agency_id", "campaign_id", "created_by_id", "enterprise_id", "reviewed_by_id", "region_path",
]  # fmt: skip
HAZARD_COLUMNS = [
    "id", "source", "description", "location", "level", "category", "status", "deadline", "found_at", "closed_at",
    "version", "responsible_person", "measures", "executor", "acceptor", "responsibility", "funds_planned",
    "contingency_plan", "reported_to_department_on", "reported_to_congress_on", "funds_spent",
    "rectified_immediately", "listed_level", "listed_doc_number", "listed_on", "campaign_id", "enterprise_id",
    "found_by_id", "inspection_id", "listed_by_id", "region_path",
]  # fmt: skip
SUBMISSION_COLUMNS = [
    "id", "unit_key", "region_path", "period_label", "due_date", "submitted_at", "text", "file", "original_name",
    "created_at", "agency_id", "requirement_id", "submitted_by_id",
]  # fmt: skip
AUDIT_COLUMNS = [
    "id", "created_at", "actor_name", "object_type", "object_id", "action", "from_state", "to_state", "changes",
    "reason", "evidence", "prev_hash", "entry_hash", "actor_id",
]  # fmt: skip


def _ts(value: datetime | None) -> str:
    return NULL if value is None else value.isoformat()


def _region_path(walk: Walk, eid: int) -> str:
    """The enterprise's region path, copied onto its rows (enterprises.models.RegionCopy)."""
    return walk.world.leaves[walk.registry.leaf[eid - 1]].path


def inspection_lines(walk: Walk, inspectors: tuple[array, array]) -> Iterator[str]:
    """The walk's inspections; their inspectors go to `inspectors` (inspection ids, user ids)."""
    for item in walk:
        if not isinstance(item, Inspection):
            continue
        for user in item.inspectors:
            inspectors[0].append(item.id)
            inspectors[1].append(user)
        done = item.end is not None
        conclusion = ""
        if done:
            conclusion = f"发现隐患{item.found}项，已责令限期整改。" if item.found else "未发现明显事故隐患。"
        created = min(local_dt(item.planned[0] - timedelta(days=1), 9 * 3600), walk.now - timedelta(hours=1))
        yield "\t".join((
            str(item.id), item.kind, item.method, item.status, item.planned[0].isoformat(),
            item.planned[1].isoformat(), _ts(item.start), _ts(item.end), conclusion, created.isoformat(),
            _ts(item.end), _ts(item.reviewed[0] if item.reviewed else None), item.doc, item.interview[0],
            item.interview[1], "", opt(item.agency), opt(item.campaign),
            opt(item.inspectors[0] if item.inspectors else None), str(item.eid),
            opt(item.reviewed[1] if item.reviewed else None), _region_path(walk, item.eid),
        )) + "\n"  # fmt: skip


def pair_lines(pairs: tuple[array, array]) -> Iterator[str]:
    for i, (a, b) in enumerate(zip(*pairs, strict=True), start=1):
        yield f"{i}\t{a}\t{b}\n"


def hazard_lines(walk: Walk) -> Iterator[str]:
    for h in walk:
        if not isinstance(h, Hazard):
            continue
        f = h.fields
        g = f.get
        yield "\t".join((
            str(h.id), h.source, esc(h.description), h.location, h.level, h.category, f["status"],
            opt(g("deadline")), h.found_at.isoformat(), _ts(f["closed_at"]), str(f["version"]),
            g("responsible_person", ""), g("measures", ""), g("executor", ""), g("acceptor", ""),
            g("responsibility", ""), opt(g("funds_planned")), g("contingency_plan", ""),
            opt(g("reported_to_department_on")), opt(g("reported_to_congress_on")), opt(f["funds_spent"]),
            "t" if g("rectified_immediately") else "f", g("listed_level", ""), g("listed_doc_number", ""),
            opt(g("listed_on")), opt(h.campaign), str(h.eid), opt(h.found_by), opt(h.inspection),
            opt(f["listed_by_id"]), _region_path(walk, h.eid),
        )) + "\n"  # fmt: skip


def submission_lines(rows: list[dict]) -> Iterator[str]:
    for i, s in enumerate(rows, start=1):
        done = s["submitted"] is not None
        yield "\t".join((
            str(i), f"agency:{s['agency']}", s["path"], s["label"], s["due"].isoformat(), _ts(s["submitted"]),
            "已按要求报送本期情况。" if done else "", "", "", s["created"].isoformat(), str(s["agency"]),
            str(s["requirement"]), opt(s["by"][0] if s["by"] else None),
        )) + "\n"  # fmt: skip


class Chain:
    """The hash chain as it grows: its last hash and how many entries it holds."""

    def __init__(self) -> None:
        self.last = GENESIS
        self.count = 0

    def line(self, obj_type: str, obj_id: int, step: Step) -> str:
        """One entry, hashed over exactly the text core.audit._canonical makes (json.dumps with
        sort_keys and ensure_ascii=False), built here key by key in sorted order for speed;
        `verify_audit` re-computes it from the stored row."""
        self.count += 1
        changes = _changes_json(step.changes)
        created = step.at.isoformat()
        oid = str(obj_id)
        canonical = (
            f'{{"action": {enc(step.action)}, "actor_id": {"null" if step.actor is None else step.actor}, '
            f'"actor_name": {enc(step.actor_name)}, "changes": {changes}, "created_at": "{created}", '
            f'"evidence": [], "from_state": {enc(step.from_state)}, "object_id": "{oid}", '
            f'"object_type": "{obj_type}", "prev_hash": "{self.last}", "reason": {enc(step.reason)}, '
            f'"to_state": {enc(step.to_state)}}}'
        )
        entry_hash = hashlib.sha256(canonical.encode()).hexdigest()
        out = "\t".join((
            str(self.count), created, esc(step.actor_name), obj_type, oid, step.action, step.from_state,
            step.to_state, esc(changes), esc(step.reason), "[]", self.last, entry_hash, opt(step.actor),
        )) + "\n"  # fmt: skip
        self.last = entry_hash
        return out


def _changes_json(changes: dict) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else "{}"


def audit_lines(walk: Walk, submissions: list[dict], chain: Chain) -> Iterator[str]:
    """Every step of every hazard and every submission, in time order (the chain's order)."""
    heap: list = []
    seq = 0

    def push(at, obj_type, obj_id, step) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (at, seq, obj_type, obj_id, step))

    for i, s in enumerate(submissions, start=1):
        if s["submitted"] is not None:
            by = s["by"] or (None, "")
            step = Step(s["submitted"], "submission_submit", "", "submitted", {"late": s["late"]}, by[0], by[1])
            push(step.at, "campaigns.submission", i, step)
    for h in walk:
        if not isinstance(h, Hazard):
            continue
        while heap and heap[0][0] < h.found_at:
            _at, _seq, obj_type, obj_id, step = heapq.heappop(heap)
            yield chain.line(obj_type, obj_id, step)
        for step in h.steps:
            push(step.at, "hazards.hazard", h.id, step)
    while heap:
        _at, _seq, obj_type, obj_id, step = heapq.heappop(heap)
        yield chain.line(obj_type, obj_id, step)
