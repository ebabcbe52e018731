"""Appending to and verifying the whole-process record (core.models.AuditEntry)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "object_type": entry.object_type,
        "object_id": str(entry.object_id),
        "action": entry.action,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "changes": entry.changes,
        "reason": entry.reason,
        "evidence": entry.evidence,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()


def entry_digest(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def object_type_of(obj: Any) -> str:
    return obj._meta.label_lower


@transaction.atomic
def audit_record(
    *,
    actor,
    obj,
    action: str,
    from_state: str = "",
    to_state: str = "",
    changes: dict | None = None,
    reason: str = "",
    evidence: list | None = None,
) -> AuditEntry:
    """Append one history entry for `obj`, chained to the previous entry.

    Call it inside the service's transaction so the entry and the change land together.
    The chain head row is locked, so concurrent appends are serialised.
    """
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else "",
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        changes=json.loads(json.dumps(changes or {}, ensure_ascii=False, default=str)),
        reason=reason or "",
        evidence=json.loads(json.dumps(evidence or [], ensure_ascii=False, default=str)),
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_digest(entry)
    entry.save(force_insert=True)
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


def history_for(obj):
    return AuditEntry.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).select_related("actor")


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def audit_verify() -> ChainReport:
    """Walk the chain in id order; report the first entry whose content or link is wrong."""
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return ChainReport(False, checked, entry.id, "prev_hash does not match the previous entry")
        if entry_digest(entry) != entry.entry_hash:
            return ChainReport(False, checked, entry.id, "content does not match its hash")
        prev = entry.entry_hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and checked and head.last_hash != prev:
        return ChainReport(False, checked, None, "entries after the last one were deleted")
    return ChainReport(True, checked)
