from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class SiteDocument(models.Model):
    """A document kept on a water project's site: a construction plan, a raw-material record with its
    certificate, a work point, or a safety-education session (who taught, when, the topic, how many
    attended). The file is checked by content (documents.check_file) before it is stored."""

    class Type(models.TextChoices):
        PLAN = "plan", _("Construction plan")
        MATERIAL = "material", _("Raw-material record")
        WORK_POINT = "work_point", _("Work point")
        SAFETY_EDUCATION = "safety_education", _("Safety-education record")

    feature = models.ForeignKey("features.Feature", models.CASCADE, related_name="water_documents",
                                verbose_name=_("project"))
    doc_type = models.CharField(_("document type"), max_length=20, choices=Type.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="waterworks/documents/%Y/%m", blank=True)
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # Raw-material records
    material = models.CharField(_("material"), max_length=120, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=80, blank=True)
    # Work points
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    # Safety education
    held_on = models.DateField(_("held on"), null=True, blank=True)
    trainer = models.CharField(_("trainer"), max_length=80, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("site document")
        verbose_name_plural = _("site documents")
        indexes = [models.Index(fields=["feature", "doc_type"])]
