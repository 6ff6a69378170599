"""Template filters that show a warning's stored codes as words of the page's language: the rule's
title for its code, and a subject such as "worker:14:2026-10" with its prefix as a label."""

from django import template
from django.utils.translation import gettext_lazy as _

from geo_server.supervision.rules import rule_title as _rule_title

register = template.Library()

# The prefixes rules put before a subject's identifiers (see the rules' subject columns).
SUBJECT_PREFIXES = {
    "account": _("account"), "batch": _("batch"), "day": _("day"), "demo": _("demo"),
    "evaluation": _("evaluation"), "file": _("file"), "fund_history": _("fund history"),
    "group": _("specimen group"), "line": _("production line"), "loan": _("loan"), "lot": _("lot"),
    "mix": _("mix proportion"), "person": _("person"), "point": _("monitoring point"),
    "shift": _("shift"), "stock": _("stock"), "subcontracts": _("subcontracts"), "txn": _("transaction"),
    "unregistered": _("unregistered"), "worker": _("worker"), "workers": _("workers"),
}


@register.filter
def rule_title(code: str) -> str:
    return _rule_title(code or "")


@register.filter
def subject_label(subject: str) -> str:
    """"worker:14:2026-10" -> "工人 14 2026-10"; a subject without a known prefix is shown as it is."""
    if not subject:
        return ""
    prefix, _sep, rest = subject.partition(":")
    label = SUBJECT_PREFIXES.get(prefix)
    if label is None or not rest:
        return subject
    return f"{label} {rest.replace(':', ' ')}"
