"""Construction workers and wages (DOMAIN.md §3): the site's detail row, its enterprises, real-name
workers, biometric clock events and daily attendance (both partitioned by month), the special wage
account's inflows and the wage payments.

ID numbers and bank accounts are never stored: only a keyed hash (identity.id_hash, HMAC-SHA256
with the server's ID key) and a masked form. The hash is what joins a clock event or a payment to
a registered worker.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.personal import PersonalCharField


class ConstructionSiteDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="construction_site_detail"
    )
    permit_no = models.CharField(_("construction permit no."), max_length=40)
    general_contractor = models.CharField(_("general contractor"), max_length=120)
    started_on = models.DateField(_("started on"))
    planned_completion = models.DateField(_("planned completion"))
    registered_workers = models.PositiveIntegerField(_("registered workers"))
    wage_account_bank = models.CharField(_("wage account bank"), max_length=60)
    manager_phone = PersonalCharField(_("project manager phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("construction site details")
        verbose_name_plural = _("construction site details")


class Enterprise(models.Model):
    """A construction enterprise, linked to the organisation its staff log in with."""

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120)
    organisation = models.OneToOneField("accounts.Organisation", models.SET_NULL, null=True, blank=True,
                                        related_name="enterprise", verbose_name=_("organisation"))
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self):
        return self.name


class Subcontract(models.Model):
    """An enterprise's part on a site: the general contractor (总包) or a subcontractor (分包)."""

    class Role(models.TextChoices):
        GENERAL = "general", _("General contractor")
        SUB = "sub", _("Subcontractor")

    site = models.ForeignKey("features.Feature", models.CASCADE, related_name="subcontracts",
                             verbose_name=_("site"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="subcontracts",
                                   verbose_name=_("enterprise"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    scope = models.CharField(_("scope of work"), max_length=60, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("subcontract")
        verbose_name_plural = _("subcontracts")
        constraints = [
            models.UniqueConstraint(fields=["site"], condition=models.Q(role="general"),
                                    name="subcontract_one_general"),
        ]
        indexes = [models.Index(fields=["enterprise", "site"], name="subcontract_enterprise_site")]


class Worker(models.Model):
    """A real-name registration (实名制登记) of a person on a site, with the employer on it."""

    site = models.ForeignKey("features.Feature", models.CASCADE, related_name="workers", verbose_name=_("site"))
    employer = models.ForeignKey(Enterprise, models.PROTECT, related_name="workers", verbose_name=_("employer"))
    name = models.CharField(_("name"), max_length=40)
    id_hash = models.CharField(max_length=64)
    id_masked = models.CharField(_("ID number"), max_length=18)
    phone_masked = models.CharField(_("phone"), max_length=11, blank=True)
    trade = models.CharField(_("trade"), max_length=30, blank=True)
    team = models.CharField(_("team"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        constraints = [models.UniqueConstraint(fields=["site", "id_hash"], name="worker_site_person_unique")]
        indexes = [models.Index(fields=["id_hash"], name="worker_id_hash")]

    def __str__(self):
        return f"{self.name} {self.id_masked}"


class ClockEvent(models.Model):
    """A biometric clock-in or -out as a device sent it. A partitioned table (by month of `at`, BRIN
    on `at`, made in migration 0003); its key is the device's (source_id, at), so replays of the
    same device event are ignored. `worker` is empty when the person is not
    registered on the site (rule 5)."""

    class Method(models.TextChoices):
        FACE = "face", _("Face")
        FINGERPRINT = "fingerprint", _("Fingerprint")

    pk = models.CompositePrimaryKey("source_id", "at")
    source_id = models.CharField(max_length=64)
    site = models.ForeignKey("features.Feature", models.DO_NOTHING, related_name="+", db_constraint=False)
    worker = models.ForeignKey(Worker, models.DO_NOTHING, null=True, related_name="+", db_constraint=False)
    id_hash = models.CharField(max_length=64)
    device = models.CharField(max_length=40)
    method = models.CharField(max_length=12, choices=Method.choices)
    at = models.DateTimeField()

    class Meta:
        # Managed (so test flushes truncate it) but made by migration 0003's SQL, not CreateModel.
        db_table = "worksites_clockevent"


class DailyAttendance(models.Model):
    """One person's day on a site, derived from the clock events (partitioned by month of `day`)."""

    pk = models.CompositePrimaryKey("site", "id_hash", "day")
    site = models.ForeignKey("features.Feature", models.DO_NOTHING, related_name="+", db_constraint=False)
    worker = models.ForeignKey(Worker, models.DO_NOTHING, null=True, related_name="+", db_constraint=False)
    id_hash = models.CharField(max_length=64)
    day = models.DateField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    events = models.PositiveIntegerField()

    class Meta:
        db_table = "worksites_dailyattendance"


class WageAccount(models.Model):
    """The project's special wage account (农民工工资专用账户)."""

    site = models.OneToOneField("features.Feature", models.CASCADE, primary_key=True, related_name="wage_account",
                                verbose_name=_("site"))
    bank = models.CharField(_("bank"), max_length=60)
    account_hash = models.CharField(max_length=64)
    account_masked = models.CharField(_("account"), max_length=32)
    opened_on = models.DateField(_("opened on"))
    payday = models.PositiveSmallIntegerField(_("payday (day of the next month)"), default=15)

    class Meta:
        verbose_name = _("wage account")
        verbose_name_plural = _("wage accounts")


class Inflow(models.Model):
    """A labour-cost allocation (人工费用拨付) into the wage account."""

    source_id = models.CharField(max_length=64, unique=True)
    site = models.ForeignKey("features.Feature", models.CASCADE, related_name="wage_inflows", verbose_name=_("site"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("received on"))
    payer = models.CharField(_("payer"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("labour-cost allocation")
        verbose_name_plural = _("labour-cost allocations")
        indexes = [models.Index(fields=["site", "received_on"], name="inflow_site_day")]


class Payment(models.Model):
    """A wage payment out of the account: to whom, for which month, how much, into whose account."""

    source_id = models.CharField(max_length=64, unique=True)
    site = models.ForeignKey("features.Feature", models.CASCADE, related_name="wage_payments", verbose_name=_("site"))
    worker = models.ForeignKey(Worker, models.SET_NULL, null=True, blank=True, related_name="payments",
                               verbose_name=_("worker"))
    id_hash = models.CharField(max_length=64)
    month = models.DateField(_("month paid for"))  # the first day of the month
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    payee_name = models.CharField(_("payee name"), max_length=40)
    payee_account_hash = models.CharField(max_length=64)
    payee_account_masked = models.CharField(_("payee account"), max_length=32)
    paid_at = models.DateTimeField(_("paid at"))

    class Meta:
        verbose_name = _("wage payment")
        verbose_name_plural = _("wage payments")
        indexes = [models.Index(fields=["site", "month"], name="payment_site_month"),
                   models.Index(fields=["worker", "month"], name="payment_worker_month"),
                   # The wage rules' probe per worker-month (unpaid, underpaid), answered from the
                   # index alone: the site first keeps a site's payments together.
                   models.Index(fields=["site", "id_hash", "month"], include=["amount"],
                                name="payment_site_person_month")]


class WorkerMonth(models.Model):
    """The daily attendance of one person (site, id_hash) in one calendar month, rolled up: how many
    days, the first and the last. Derived (rollup.refresh_worker_months), never edited; the wage rules
    read it instead of re-aggregating the daily rows."""

    # No index of its own: the unique (site, id_hash, month) and the covering (site, month) lead with it.
    site = models.ForeignKey("features.Feature", models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    id_hash = models.CharField(max_length=64)
    month = models.DateField()  # the first day of the month
    days = models.IntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        db_table = "worksites_workermonth"
        constraints = [models.UniqueConstraint(fields=["site", "id_hash", "month"], name="workermonth_person_month")]
        # Covering: the wage rules read a site's worker-months from the index alone (the rows of
        # one site lie scattered over the heap as months are refreshed).
        indexes = [models.Index(fields=["site", "month"], include=["id_hash", "days", "first_day", "last_day"],
                                name="workermonth_site_month_cover"),
                   # the months still open at a sweep's `today` (rules._ATTENDANCE_MONTHS) without a
                   # second pass over the sites' worker-months
                   models.Index(fields=["last_day"], name="workermonth_last_day")]
