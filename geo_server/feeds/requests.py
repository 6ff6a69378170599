"""A feed request's body: its type, encoding and size checked before a byte of it is read."""

from django.utils.translation import gettext as _

from geo_server.errors import PayloadTooLarge, UnsupportedMediaType
from geo_server.validation import check_body_is_readable

ENCODINGS = {"": False, "identity": False, "gzip": True}


def body_format(request, formats: dict[str, str], limit: int) -> tuple[str, bool]:
    """(format, gzipped) of the body: `formats` maps the accepted content types to format names
    (application/x-ndjson -> ndjson); 415 for another type, charset or encoding, 413 above `limit`."""
    fmt = formats.get(request.content_type)
    charset = (request.content_params.get("charset") or "utf-8").lower()
    if fmt is None or charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(_("Send %(types)s (UTF-8).") % {"types": " / ".join(formats)},
                                   details={"accepted": sorted(formats)})
    encoding = request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    if encoding not in ENCODINGS:
        raise UnsupportedMediaType(_("Content-Encoding may be gzip or none."), details={"accepted": ["gzip"]})
    check_body_is_readable(request)
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise PayloadTooLarge(_("The body is larger than %(limit)d bytes.") % {"limit": limit})
    return fmt, ENCODINGS[encoding]
