"""ID and bank-account numbers, reduced at the boundary to a keyed hash and a masked form.

The number itself is never stored, logged or returned: `id_hash` (HMAC-SHA256 with the server's
ID key, settings.GEO_SERVER["ID_HASH_KEY"]) joins records about the same person; `mask_id`
(440106********1234) is what people see."""

import hashlib
import hmac
import re

from django.conf import settings

from geo_server.features.personal import mask

ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def normalise_id(number: str) -> str:
    return (number or "").strip().upper()


def valid_id(number: str) -> bool:
    """An 18-character resident ID number with a correct check digit (GB 11643-1999)."""
    if not ID_NUMBER.match(number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17]


def with_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return first17 + _CHECK[total % 11]


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of `value` exactly as given (callers normalise: id_hash, parsing)."""
    key = settings.GEO_SERVER["ID_HASH_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def id_hash(number: str) -> str:
    return keyed_hash(normalise_id(number))


def mask_id(number: str) -> str:
    """440106********1234: the region code and the last four, never the birth date."""
    return mask(normalise_id(number), keep_start=6, keep_end=4)


def mask_account(number: str) -> str:
    return mask((number or "").replace(" ", ""), keep_start=4, keep_end=4)


def mask_phone(number: str) -> str:
    number = (number or "").strip()
    return mask(number) if len(number) == 11 else ""
