"""Synthetic unified social credit codes (统一社会信用代码, GB 32100-2015) for demo enterprises and
suppliers: valid check character, the same code for the same label."""

import hashlib

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def with_credit_check(body: str) -> str:
    """17 characters of a unified social credit code and its check character (GB 32100-2015)."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(label: str) -> str:
    """A synthetic 18-character unified social credit code, the same for the same label."""
    digest = hashlib.sha256(label.encode()).digest()
    return with_credit_check("91440101" + "".join(CREDIT_ALPHABET[b % 31] for b in digest[:9]))
