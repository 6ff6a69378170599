"""Stream a query's rows as PostgreSQL writes them (`COPY ... TO STDOUT`), in flat memory.

PostgreSQL sends one CopyData message per row; Python only joins them into ~256 kB chunks, so
memory stays flat whatever the number of rows, and no row is ever parsed here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from geo_server.db_router import read_connection

CHUNK_BYTES = 256 * 1024
# COPY's text format escapes backslashes (and control characters, which JSON never contains raw).
_ESCAPE = re.compile(rb"\\(.)")
_UNESCAPED = {b"\\": b"\\", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"v": b"\v"}


@dataclass
class Counts:
    features: int = 0
    bytes: int = 0


def unescape(text: bytes) -> bytes:
    """Undo COPY text escaping (only rows holding a backslash need it)."""
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), text)


def stream(sql: str, params: list, counts: Counts, *, csv: bool = False, head: bytes = b"",
           separator: bytes = b"", tail: bytes = b"") -> Iterator[bytes]:
    """head, the rows joined by separator, tail; CSV rows come quoted by PostgreSQL with a header."""
    options = " (FORMAT csv, HEADER true)" if csv else ""
    buffer = bytearray(head)
    first = True
    with read_connection().cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT{options}", params) as copy:
        for row in copy:
            if first:
                first = False
            else:
                buffer += separator
                counts.features += 1
            buffer += row
            if len(buffer) >= CHUNK_BYTES:
                yield _flush(buffer, counts, csv)
    if not csv and not first:
        counts.features += 1  # the first row of a text COPY is a row; in CSV it is the header
    buffer += tail
    yield _flush(buffer, counts, csv)


def _flush(buffer: bytearray, counts: Counts, csv: bool) -> bytes:
    # Rows are whole in the buffer, so no escape sequence is ever split; head, separator and
    # tail hold no backslash.
    chunk = bytes(buffer)
    buffer.clear()
    if not csv and b"\\" in chunk:
        chunk = unescape(chunk)
    counts.bytes += len(chunk)
    return chunk
