from django.conf import settings
from django.db import migrations, models

from core.migration_ops import fill_region_copy, postgres_only

# Lists filter by jurisdiction (a region_path prefix) and sort by found_at, id: one index serves both
# for a county or an enterprise; found_at, id alone serves a province. PostgreSQL only.
REGION_INDEX = [
    "CREATE INDEX IF NOT EXISTS hazard_region_found_idx ON hazards_hazard (region_path varchar_pattern_ops, found_at, id)"
]
DROP_REGION_INDEX = ["DROP INDEX IF EXISTS hazard_region_found_idx"]


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_managed_by_user_must_change_password'),
        ('campaigns', '0005_score_weights'),
        ('checklists', '0002_checklisttemplate_agency'),
        ('enterprises', '0004_drop_duplicate_region_path_index'),
        ('hazards', '0002_initial'),
        ('inspections', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='hazard',
            name='region_path',
            field=models.CharField(default='', editable=False, max_length=400, verbose_name='区划路径'),
        ),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(fields=['found_at', 'id'], name='hazard_found_idx'),
        ),
        fill_region_copy("hazards", "hazard"),
        postgres_only(REGION_INDEX, DROP_REGION_INDEX),
    ]
