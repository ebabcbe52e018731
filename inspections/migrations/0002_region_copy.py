from django.conf import settings
from django.db import migrations, models

from core.migration_ops import fill_region_copy, postgres_only

# Lists filter by jurisdiction (a region_path prefix) and sort by created_at, id: one index serves both
# for a county or an enterprise; created_at, id alone serves a province. PostgreSQL only.
REGION_INDEX = [
    "CREATE INDEX IF NOT EXISTS insp_region_created_idx ON inspections_inspection (region_path varchar_pattern_ops, created_at, id)"
]
DROP_REGION_INDEX = ["DROP INDEX IF EXISTS insp_region_created_idx"]


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_managed_by_user_must_change_password'),
        ('campaigns', '0005_score_weights'),
        ('checklists', '0002_checklisttemplate_agency'),
        ('enterprises', '0004_drop_duplicate_region_path_index'),
        ('inspections', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='inspection',
            options={'ordering': ['-created_at', '-id'], 'verbose_name': '检查', 'verbose_name_plural': '检查'},
        ),
        migrations.AddField(
            model_name='inspection',
            name='region_path',
            field=models.CharField(default='', editable=False, max_length=400, verbose_name='区划路径'),
        ),
        migrations.AddIndex(
            model_name='inspection',
            index=models.Index(fields=['created_at', 'id'], name='insp_created_idx'),
        ),
        fill_region_copy("inspections", "inspection"),
        postgres_only(REGION_INDEX, DROP_REGION_INDEX),
    ]
