"""Appraisal reports (房屋安全鉴定报告) and their member-level findings, JGJ 125-2016."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """JGJ 125-2016 §6.1.4."""

    A = "A", _("A: no dangerous members")
    B = "B", _("B: individual dangerous members")
    C = "C", _("C: part of the building dangerous")
    D = "D", _("D: whole building dangerous")


class Handling(models.TextChoices):
    """城市危险房屋管理规定: what the owner must do with the appraised building."""

    OBSERVE = "observe", _("Use under observation (观察使用)")
    TREAT = "treat", _("Use after treatment (处理使用)")
    STOP = "stop", _("Stop use (停止使用)")
    DEMOLISH = "demolish", _("Demolish (整体拆除)")


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class AppraisalReport(models.Model):
    building = models.ForeignKey("features.Feature", models.CASCADE, related_name="appraisal_reports",
                                 limit_choices_to={"kind": "building"})
    agency = models.CharField(_("appraisal agency"), max_length=200)
    appraisers = models.CharField(_("appraisers"), max_length=200)
    appraised_on = models.DateField(_("appraisal date"))
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    handling = models.CharField(_("handling"), max_length=10, choices=Handling.choices)
    pdf = models.FileField(_("report PDF"), upload_to="appraisals/%Y/%m/")
    state = models.CharField(_("review state"), max_length=10, choices=ReviewState.choices,
                             default=ReviewState.SUBMITTED)
    submitted_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appraisal report")
        verbose_name_plural = _("appraisal reports")
        indexes = [models.Index(fields=["building", "state", "-appraised_on"])]

    def __str__(self):
        return f"{self.building_id} {self.appraised_on} {self.grade}"


class AppraisalFinding(models.Model):
    """One member's finding: which member, where, the defect seen and its grade."""

    report = models.ForeignKey(AppraisalReport, models.CASCADE, related_name="findings")
    member = models.CharField(_("member"), max_length=100)
    location = models.CharField(_("location"), max_length=100)
    defect = models.CharField(_("defect"), max_length=300)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)

    class Meta:
        verbose_name = _("member finding")
        verbose_name_plural = _("member findings")
