"""Login everywhere (JSON 401 for the API), and ApiError turned into a JSON response."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from geo_server.errors import ApiError, NotAuthenticated, NotFound, error_response

PUBLIC_PREFIXES = ("/health", "/accounts/login/", "/static/", "/i18n/", "/admin/login/")


def is_api(path: str) -> bool:
    return path.startswith("/api/")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated or request.path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if is_api(request.path):
            return error_response(NotAuthenticated("Log in (session) to use the API."))
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApiError):
            return error_response(exception)
        if isinstance(exception, Http404) and is_api(request.path):
            return error_response(NotFound(str(exception) or "Not found."))
        return None
