"""Signals that become security events: logins, lockouts, tokens, roles and jurisdictions."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save

from geo_server.accounts.models import ApiToken, Organisation, User
from geo_server.audit.events import record
from geo_server.audit.models import SecurityEvent

Type = SecurityEvent.Type

# Fields whose change alters what someone may see or do, with how each value is shown.
USER_FIELDS = {"role": "role", "organisation": "organisation__name", "is_staff": "is_staff",
               "is_superuser": "is_superuser", "is_active": "is_active"}
ORGANISATION_FIELDS = {"type": "type", "jurisdiction": "jurisdiction__code", "parent": "parent__name"}


def login_method(request) -> str:
    if request is None:
        return ""
    scheme = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")[0].lower()
    return scheme if scheme in ("basic", "bearer") else "form"


def logged_in(sender, request, user, **kwargs):
    record(Type.LOGIN, request, user=user, method=login_method(request))


def login_failed(sender, credentials, request=None, **kwargs):
    record(Type.LOGIN_FAILED, request, username=credentials.get("username") or "", method=login_method(request))


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Type.LOGOUT, request, user=user)


def locked_out(sender, request, username, ip_address, **kwargs):
    record(Type.LOCKED_OUT, request, username=username or "", method=login_method(request))


def token_saved(sender, instance, created, **kwargs):
    if created:
        record(Type.TOKEN_ISSUED, owner=instance.user.get_username(), name=instance.name, prefix=instance.prefix)


def token_deleted(sender, instance, **kwargs):
    record(Type.TOKEN_REVOKED, owner=instance.user.get_username(), name=instance.name, prefix=instance.prefix)


def watch(model, fields: dict, event: str, subject):
    """Record `event` when a save changes one of `fields` (creation included: a role given is a change).
    QuerySet.update() sends no signals; code that changes these fields uses save()."""

    def remember(sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and not set(fields) & set(update_fields):
            instance._audit_before = None
            return
        before = model.objects.filter(pk=instance.pk).values(*fields.values()).first() if instance.pk else None
        instance._audit_before = before or {}

    def compare(sender, instance, created, **kwargs):
        before = getattr(instance, "_audit_before", None)
        if before is None:
            return
        after = model.objects.filter(pk=instance.pk).values(*fields.values()).first()
        changes = {name: [before.get(name), after[name]] for name in fields.values()
                   if before.get(name) != after[name]}
        if changes:
            record(event, changes=changes, created=created, **subject(instance))

    pre_save.connect(remember, sender=model, weak=False, dispatch_uid=f"audit-before-{model._meta.label}")
    post_save.connect(compare, sender=model, weak=False, dispatch_uid=f"audit-after-{model._meta.label}")


def connect():
    user_logged_in.connect(logged_in)
    user_login_failed.connect(login_failed)
    user_logged_out.connect(logged_out)
    user_locked_out.connect(locked_out)
    post_save.connect(token_saved, sender=ApiToken)
    post_delete.connect(token_deleted, sender=ApiToken)
    watch(User, USER_FIELDS, Type.ROLE_CHANGED, lambda user: {"target": user.get_username()})
    watch(Organisation, ORGANISATION_FIELDS, Type.JURISDICTION_CHANGED, lambda org: {"organisation": org.name})
