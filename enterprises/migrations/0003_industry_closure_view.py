"""The enterprise–industry closure view (EnterpriseIndustryClosure): every enterprise with each
industry its industries lie under, once. Plain SQL that PostgreSQL and SQLite both run."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0002_postgres_search_indexes'),
    ]

    operations = [
        migrations.RunSQL(
            sql="""
            CREATE VIEW enterprises_industry_closure AS
            SELECT DISTINCT ei.enterprise_id * 1000000 + a.id AS id, ei.enterprise_id AS enterprise_id,
                   a.id AS industry_id
            FROM enterprises_enterprise_industries ei
            JOIN core_industry i ON i.id = ei.industry_id
            JOIN core_industry a ON substr(i.path, 1, length(a.path)) = a.path
            """,
            reverse_sql="DROP VIEW IF EXISTS enterprises_industry_closure",
        ),
        migrations.CreateModel(
            name='EnterpriseIndustryClosure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'db_table': 'enterprises_industry_closure',
                'managed': False,
            },
        ),
    ]
