"""The kinds of job a user may start: each app hands its long work over in its AppConfig.ready(),
so the core runs rule sweeps, risk models and batch exports without importing their apps."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_server.errors import BadRequest


@dataclass(frozen=True)
class JobKind:
    kind: str
    title: str  # lazy text
    # run(job) -> the JSON result; it reports with progress.progress() and may attach a file.
    run: Callable
    # clean(user, params) -> the params to store; raises an ApiError for bad input (in the web process).
    clean: Callable[..., dict]
    may_start: Callable[..., bool]
    # False: the jobs page offers no start button (its parameters come through the API).
    startable_on_page: bool = True


_KINDS: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    _KINDS[kind.kind] = kind


def get(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise BadRequest(_("No job kind %(kind)r.") % {"kind": kind}, code="unknown_job_kind") from None


def title_of(kind: str) -> str:
    return str(_KINDS[kind].title) if kind in _KINDS else kind


def startable_on_page(user) -> list[JobKind]:
    return [each for each in _KINDS.values() if each.startable_on_page and each.may_start(user)]


def is_supervisor(user) -> bool:
    """Work that changes everyone's data (sweeps, the risk model) is for supervisors."""
    return user.is_superuser or getattr(user, "role", "") == "supervisor"
