"""Built-in checklist templates transcribed from the seeds (version 1 each), loaded idempotently.

Called by `python manage.py load_seed_content` (with the seed campaigns) and by the demo loader
(settings.DEMO_LOADERS). A template is recognised by its code and version 1; an existing one is
left as it is, so running twice creates nothing.
"""

from __future__ import annotations

from django.db import transaction

from core.models import Industry

from .models import ChecklistTemplate
from .seed_content import TEMPLATES
from .services import write_checklist


@transaction.atomic
def seed_templates_load() -> list[ChecklistTemplate]:
    industry_by_code = {i.code: i for i in Industry.objects.all()}
    out = []
    for data in TEMPLATES:
        template = ChecklistTemplate.objects.filter(code=data["code"], version=1).first()
        if template is None:
            template = write_checklist(
                data=data, code=data["code"], version=1, previous=None, industry_by_code=industry_by_code
            )
        out.append(template)
    return out


def load_checklists_demo() -> None:
    """Demo loader (settings.DEMO_LOADERS): the seed checklists."""
    seed_templates_load()
