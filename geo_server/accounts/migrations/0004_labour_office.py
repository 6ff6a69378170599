from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token")]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="type",
            field=models.CharField(choices=[("province_bureau", "Province bureau"), ("city_bureau", "City bureau"),
                                            ("district_office", "District office"), ("street_office", "Street office"),
                                            ("enterprise", "Enterprise"), ("labour_office", "Labour office")],
                                   max_length=20, verbose_name="type"),
        ),
    ]
