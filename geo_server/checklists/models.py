"""Inspection checklists: templates per object kind and stage, each item tied to the regulation
clause it checks (核心通病条文), and the checklists inspectors fill on site."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind, RiskLevel


class Source(models.TextChoices):
    SOURCED = "S", _("Sourced (official rule)")
    DEFAULT = "D", _("Default (to be checked against the current standard)")


class ChecklistTemplate(models.Model):
    """What to check on one kind of object at one stage; an empty stage applies at every stage."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("inspection stage"), max_length=30, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    source = models.CharField(_("source"), max_length=1, choices=Source.choices, default=Source.DEFAULT)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind", "code"]

    def __str__(self):
        return f"{self.name_zh} / {self.name_en}"


class ChecklistItem(models.Model):
    """One line of a checklist. Failing it raises a hazard of `severity` with rule code checklist.<code>."""

    template = models.ForeignKey(ChecklistTemplate, models.CASCADE, related_name="items",
                                 verbose_name=_("template"))
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    text_zh = models.CharField(_("Chinese text"), max_length=200)
    text_en = models.CharField(_("English text"), max_length=200)
    clause = models.CharField(_("regulation clause"), max_length=80)
    severity = models.PositiveSmallIntegerField(
        _("hazard level when failed"), choices=[c for c in RiskLevel.choices if c[0] != RiskLevel.NONE])
    source = models.CharField(_("source"), max_length=1, choices=Source.choices, default=Source.DEFAULT)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="checklist_item_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.text_zh}"

    @property
    def rule_code(self) -> str:
        return f"checklist.{self.code}"


class ChecklistResult(models.Model):
    """A checklist filled for one feature; client_id is the phone's UUID, version counts edits."""

    template = models.ForeignKey(ChecklistTemplate, models.PROTECT, related_name="results",
                                 verbose_name=_("template"))
    feature = models.ForeignKey("features.Feature", models.CASCADE, related_name="checklist_results",
                                verbose_name=_("feature"))
    patrol = models.ForeignKey("patrols.Patrol", models.SET_NULL, null=True, blank=True,
                               related_name="checklist_results", verbose_name=_("patrol"))
    # The phone's patrol under way; `patrol` is filled in when the session is finished.
    session = models.ForeignKey("patrols.PatrolSession", models.SET_NULL, null=True, blank=True,
                                related_name="checklist_results", verbose_name=_("patrol session"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="checklist_results",
                                  verbose_name=_("inspector"))
    filled_at = models.DateTimeField(_("filled"))
    client_id = models.UUIDField(_("client id"), unique=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        ordering = ["-filled_at"]


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        NA = "na", _("Not applicable")

    result = models.ForeignKey(ChecklistResult, models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=4, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    hazard = models.ForeignKey("supervision.Hazard", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("hazard raised"))
    # Taken on site for this answer; a failed item's photos are also its hazard's (Photo.hazard).
    photos = models.ManyToManyField("supervision.Photo", blank=True, related_name="checklist_answers",
                                    verbose_name=_("photos"))

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["result", "item__order"]
        constraints = [models.UniqueConstraint(fields=["result", "item"], name="checklist_answer_once")]
