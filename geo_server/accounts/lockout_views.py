"""The answer to a locked account or address (settings.AXES_LOCKOUT_CALLABLE)."""

from datetime import timedelta

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _

from geo_server.errors import TooManyAttempts
from geo_server.middleware import is_api, render_error


def retry_after_seconds(request) -> int:
    # Every refused attempt restarts the cool-off (axes' default), so the full period is exact.
    return int((get_cool_off(request) or timedelta(0)).total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """429: JSON on machine paths, the login page with the reason elsewhere."""
    seconds = retry_after_seconds(request)
    if is_api(request.path):
        error = TooManyAttempts(_("Too many failed logins; try again later."), details={"retry_after": seconds})
        response = render_error(request, error)
    else:
        context = {"form": AuthenticationForm(request), "locked_out": True, "retry_minutes": -(-seconds // 60)}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
