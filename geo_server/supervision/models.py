from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.states import CLOSED_STATES, State


class RuleThreshold(models.Model):
    """An administrator's override of a rule's parameters, for everyone, one area or one organisation.
    Resolution, later wins: code defaults, global row, city, district, the feature's organisation."""

    rule_code = models.CharField(_("rule"), max_length=60)
    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    area = models.ForeignKey("features.AdminArea", models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    parameters = models.JSONField(_("parameters"), default=dict)

    class Meta:
        verbose_name = _("rule threshold")
        verbose_name_plural = _("rule thresholds")
        constraints = [
            models.UniqueConstraint(fields=["rule_code", "organisation", "area"], name="threshold_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self):
        return self.rule_code


class Warning(models.Model):
    """A rule fired on a feature (预警), about the feature itself (subject '') or something inside it
    (a worker-month, a batch). One open warning per (rule, feature, subject): sweeps update it."""

    rule_code = models.CharField(_("rule"), max_length=60)
    feature = models.ForeignKey("features.Feature", models.CASCADE, related_name="warnings")
    # db_default too: the set-based SQL (store.py, findings.py) inserts rows without naming it.
    subject = models.CharField(_("subject"), max_length=80, blank=True, default="", db_default="")
    level = models.PositiveSmallIntegerField(_("level"), choices=RiskLevel.choices)
    message_zh = models.CharField(max_length=300)
    message_en = models.CharField(max_length=300)
    evidence = models.JSONField(default=dict)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    is_open = models.BooleanField(_("open"), default=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        constraints = [
            models.UniqueConstraint(fields=["rule_code", "feature", "subject"], condition=models.Q(is_open=True),
                                    name="warning_open_unique"),
        ]


class Hazard(models.Model):
    """An item on the hazard list (隐患清单), driven through the rectification states."""

    feature = models.ForeignKey("features.Feature", models.CASCADE, related_name="hazards")
    warning = models.ForeignKey(Warning, models.SET_NULL, null=True, blank=True, related_name="hazards")
    rule_code = models.CharField(_("rule"), max_length=60)
    subject = models.CharField(_("subject"), max_length=80, blank=True, default="", db_default="")
    # Copied from the feature so the list filters and draws without joins.
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey("features.AdminArea", models.PROTECT, null=True, blank=True, related_name="+")
    geom = models.GeometryField(_("geometry"), srid=4326)
    level = models.PositiveSmallIntegerField(_("level"), choices=RiskLevel.choices)
    message_zh = models.CharField(max_length=300)
    message_en = models.CharField(max_length=300)
    responsible_organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, null=True, blank=True,
                                                 related_name="hazards", verbose_name=_("responsible organisation"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        constraints = [
            models.UniqueConstraint(fields=["rule_code", "feature", "subject"],
                                    condition=~models.Q(state__in=CLOSED_STATES),
                                    name="hazard_open_unique"),
        ]
        indexes = [models.Index(fields=["district", "state"], name="hazard_district_state"),
                   models.Index(fields=["state", "deadline"], name="hazard_state_deadline")]


class HazardEvent(models.Model):
    """One transition: who, when, from, to, why."""

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]


class Photo(models.Model):
    """A checked photo (real JPEG, PNG or WebP) with its thumbnail and the EXIF time and place.

    Stored by supervision.photos.store_photo; served only through supervision.photo_views, which checks
    the user may see the photo's hazard. `client_id` makes an offline client's retried upload idempotent.
    """

    image = models.FileField(_("photo"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bytes = models.PositiveIntegerField()
    taken_at = models.DateTimeField(_("photo taken at"), null=True, blank=True)
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    hazard = models.ForeignKey(Hazard, models.CASCADE, null=True, blank=True, related_name="photos")
    event = models.ForeignKey(HazardEvent, models.SET_NULL, null=True, blank=True, related_name="photos")
    client_id = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["image"], name="photo_image_unique"),
            models.UniqueConstraint(fields=["thumbnail"], name="photo_thumbnail_unique"),
        ]

    def __str__(self):
        return self.image.name


class NoticeCounter(models.Model):
    """The last rectification-notice number used in a year; bumped by one upsert (notices.next_number)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class RectificationNotice(models.Model):
    """A numbered rectification notice (整改通知书), created when a hazard's notice is issued."""

    number = models.CharField(_("notice number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="notices")
    event = models.OneToOneField(HazardEvent, models.SET_NULL, null=True, blank=True, related_name="notice")
    recipient = models.ForeignKey("accounts.Organisation", models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("recipient"))
    issuer = models.ForeignKey("accounts.Organisation", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("issuing authority"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    text_zh = models.TextField()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["issued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="notice_year_sequence_unique")]

    def __str__(self):
        return self.number
