"""Loading a feed's checked rows: in batches, each copied (and merged) in a thread of its own on the
request's connection while the next is parsed, all in the request's one transaction."""

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.utils.translation import gettext as _

from geo_server.errors import Unprocessable
from geo_server.feeds.streams import Errors


def batches(numbered_rows: Iterable, size: int) -> Iterator[list]:
    """The rows in lists of at most `size`."""
    batch = []
    for item in numbered_rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Background:
    """One piece of work at a time in a thread of its own: `submit` waits for the previous one (the
    connection is the thread's until then), `wait` for the last; an error surfaces at the next wait."""

    def __init__(self):
        self.pool, self.pending = ThreadPoolExecutor(max_workers=1), None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        try:
            self.wait()
        finally:
            self.pool.shutdown()

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def submit(self, work: Callable, *args) -> Future:
        self.wait()
        self.pending = self.pool.submit(work, *args)
        return self.pending


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows: list[tuple]) -> bytes:
    """Checked rows in COPY's text format, ready for `copy.write`: one join per batch instead of a
    `write_row` per row (half the CPU). Values go as str() writes them (PostgreSQL reads dates,
    times and decimals in that form), None as NULL. Only a batch that needs escaping (a tab, line
    break or backslash in a value, or a None) is written value by value."""
    if not rows:
        return b""
    text = "\n".join(["\t".join(map(str, row)) for row in rows]) + "\n"
    if (text.count("\t") != len(rows) * (len(rows[0]) - 1) or text.count("\n") != len(rows)
            or "\\" in text or "\r" in text or "None" in text):
        text = "".join(["\t".join([_copy_value(value) for value in row]) + "\n" for row in rows])
    return text.encode()


def _copy_value(value) -> str:
    return "\\N" if value is None else str(value).translate(_COPY_ESCAPES)


def invalid_rows(errors: Errors) -> Unprocessable:
    """The 422 for a body with bad rows: how many, and the first ones (line, field, reason)."""
    return Unprocessable(
        _("%(count)d rows are invalid; nothing was stored.") % {"count": errors.count}, code="invalid_rows",
        details={"error_count": errors.count, "listed": len(errors.rows), "errors": errors.rows})
