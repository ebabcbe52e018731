"""Operations migrations share: SQL that only PostgreSQL runs (pattern-ops indexes; SQLite, the
demo's database, has no operator classes and needs none), and filling a copied column."""

from __future__ import annotations

from django.db import migrations


def postgres_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward))


def fill_region_copy(app_label: str, model_name: str) -> migrations.RunPython:
    """Copy each row's enterprise region_path onto the row (enterprises.models.RegionCopy)."""

    def apply(apps, schema_editor):
        from django.db.models import OuterRef, Subquery

        model = apps.get_model(app_label, model_name)
        enterprise = apps.get_model("enterprises", "Enterprise")
        current = enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("region_path")[:1]
        model.objects.update(region_path=Subquery(current))

    return migrations.RunPython(apply, migrations.RunPython.noop)
