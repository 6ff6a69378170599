"""Weights per rule (ScoreWeight.rule_code, '' for every rule; the wage rules' defaults of
weights.DEFAULT_RULE_WEIGHTS as admin-editable rows) and blacklistings (恶意欠薪)."""

from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REASONS = [("raised_yellow", "Hazard raised (yellow)"), ("raised_orange", "Hazard raised (orange)"),
           ("raised_red", "Hazard raised (red)"), ("overdue", "Overdue"), ("closed_not_fixed", "Closed, not fixed"),
           ("reply_rejected", "Reply rejected"), ("closed_on_time", "Fixed on time")]

# The same values as weights.DEFAULT_RULE_WEIGHTS (our defaults [D]).
RULE_DEFAULTS = {
    ("wage.unpaid", "raised_orange"): Decimal("-4"), ("wage.unpaid", "raised_red"): Decimal("-10"),
    ("wage.unpaid", "overdue"): Decimal("-10"), ("wage.unpaid", "closed_not_fixed"): Decimal("-20"),
    ("wage.underpaid", "raised_orange"): Decimal("-3"), ("wage.wrong_payee", "raised_orange"): Decimal("-3"),
    ("wage.no_inflow", "raised_red"): Decimal("-8"), ("wage.unregistered", "raised_yellow"): Decimal("-1"),
}


def add_rule_defaults(apps, schema_editor):
    ScoreWeight = apps.get_model("integrity", "ScoreWeight")
    for (rule_code, reason), delta in RULE_DEFAULTS.items():
        ScoreWeight.objects.get_or_create(reason=reason, rule_code=rule_code, defaults={"delta": delta})


class Migration(migrations.Migration):
    dependencies = [
        ("integrity", "0002_default_weights"),
        ("accounts", "0004_labour_office"),
        ("supervision", "0003_rectification_notices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(name="scoreweight", options={
            "ordering": ["rule_code", "reason"], "verbose_name": "score weight", "verbose_name_plural": "score weights"}),
        migrations.AlterField(model_name="scoreweight", name="reason",
                              field=models.CharField(choices=REASONS, max_length=30, verbose_name="reason")),
        migrations.AddField(model_name="scoreweight", name="rule_code", field=models.CharField(
            blank=True, default="", help_text="Empty: every rule without a row of its own.", max_length=60,
            verbose_name="rule")),
        migrations.AddConstraint(model_name="scoreweight", constraint=models.UniqueConstraint(
            fields=("reason", "rule_code"), name="score_weight_reason_rule")),
        migrations.CreateModel(
            name="Blacklisting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="reason")),
                ("starts_on", models.DateField(verbose_name="blacklisted from")),
                ("until", models.DateField(blank=True, null=True, verbose_name="blacklisted until")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded at")),
                ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name="+", to=settings.AUTH_USER_MODEL,
                                                 verbose_name="recorded by")),
                ("hazard", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                             related_name="+", to="supervision.hazard", verbose_name="hazard")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="blacklistings", to="accounts.organisation",
                                                   verbose_name="organisation")),
            ],
            options={
                "verbose_name": "blacklisting", "verbose_name_plural": "blacklistings",
                "indexes": [models.Index(fields=["organisation", "starts_on"], name="blacklisting_org_from")],
                "constraints": [models.CheckConstraint(
                    condition=models.Q(("until__isnull", True), ("until__gte", models.F("starts_on")), _connector="OR"),
                    name="blacklisting_until_after_from")],
            },
        ),
        migrations.RunPython(add_rule_defaults, migrations.RunPython.noop),
    ]
