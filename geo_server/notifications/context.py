from django.utils.functional import SimpleLazyObject

from geo_server.notifications.inbox import unread_count


def inbox(request) -> dict:
    """The unread count for the top navigation, counted only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user))}
