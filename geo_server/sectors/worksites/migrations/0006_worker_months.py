import django.db.models.deletion
from django.db import migrations, models

# The existing attendance rolled up once (rollup.INSERT over every site and month).
FILL = """
INSERT INTO worksites_workermonth (site_id, id_hash, month, days, first_day, last_day)
SELECT a.site_id, a.id_hash, date_trunc('month', a.day)::date, count(*), min(a.day), max(a.day)
FROM worksites_dailyattendance a
GROUP BY a.site_id, a.id_hash, date_trunc('month', a.day)::date
"""


class Migration(migrations.Migration):

    dependencies = [
        ('features', '0002_area_trigger'),
        ('worksites', '0005_partitioned_relations'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkerMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('id_hash', models.CharField(max_length=64)),
                ('month', models.DateField()),
                ('days', models.IntegerField()),
                ('first_day', models.DateField()),
                ('last_day', models.DateField()),
                ('site', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', db_index=False, to='features.feature')),
            ],
            options={
                'db_table': 'worksites_workermonth',
                'indexes': [models.Index(fields=['site', 'month'], name='workermonth_site_month')],
                'constraints': [models.UniqueConstraint(fields=('site', 'id_hash', 'month'), name='workermonth_person_month')],
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
