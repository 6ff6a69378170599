import django.db.models.deletion
from django.db import migrations, models


def _relations(model):
    return [
        migrations.AddField(model_name=model, name="site", field=models.ForeignKey(
            db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
            to="features.feature")),
        migrations.AddField(model_name=model, name="worker", field=models.ForeignKey(
            db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
            to="worksites.worker")),
    ]


class Migration(migrations.Migration):
    dependencies = [("features", "0001_initial"), ("worksites", "0004_managed_partitioned_tables")]

    # The columns exist (migration 0003's SQL made them); only Django's state learns of the relations.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_relations("clockevent") + _relations("dailyattendance"), database_operations=[]),
    ]
