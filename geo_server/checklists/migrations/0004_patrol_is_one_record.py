import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A checklist's patrol is the one patrol record now (zone patrols kept their ids in patrols 0005)."""

    dependencies = [
        ("checklists", "0003_checklistanswer_photos"),
        ("patrols", "0005_one_patrol"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checklistresult",
            name="patrol",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="checklist_results", to="patrols.patrol", verbose_name="patrol"),
        ),
    ]
