"""Walk the audit hash chain and report the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the whole-process record's hash chain."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            where = f"entry id {report.broken_id}" if report.broken_id else "chain end"
            raise CommandError(
                f"Audit chain BROKEN at {where}: {report.problem} ({report.checked} entries verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified."))
