"""`python manage.py load_seed_content`: the five seed campaigns and checklist templates."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from campaigns.loaders import seed_content_load


class Command(BaseCommand):
    help = "载入五份种子文件中的专项行动和检查表（可重复执行）。"

    def handle(self, *args, **options):
        templates, campaigns = seed_content_load()
        self.stdout.write(self.style.SUCCESS(f"检查表 {len(templates)} 份，专项行动 {len(campaigns)} 项。"))
