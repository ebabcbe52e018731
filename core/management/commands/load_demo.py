"""Load the demo data (idempotent). Refuses when DEBUG is off unless --force."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load demo regions, agencies, accounts (password anquan2026), enterprises and seed content."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: refusing to load demo data (demo passwords). Use --force to insist.")
        load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded ({len(settings.DEMO_LOADERS)} loaders): "
                f"accounts gx_admin, nn_official, lz_official, nn_construction, ent_user, expert1 — password {DEMO_PASSWORD}"
            )
        )
