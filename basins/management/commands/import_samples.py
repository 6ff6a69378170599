import csv

from django.core.management.base import BaseCommand, CommandError, no_translations

from basins.imports import COLUMNS, import_samples
from geo_server.errors import ApiError


def csv_rows(handle):
    """(line number, row) pairs; the header is line 1, and a quoted newline keeps the count true."""
    reader = csv.DictReader(handle)
    missing = {"point_code", "taken_at"} - set(reader.fieldnames or ())
    if missing:
        raise CommandError(f"line 1: missing column(s) {', '.join(sorted(missing))}; expected {', '.join(COLUMNS)}")
    for row in reader:
        yield reader.line_num, row


class Command(BaseCommand):
    help = "Import water samples from a CSV file (all or nothing unless --partial; re-imports add nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partial", action="store_true", help="save the good rows even when some are bad")

    @no_translations  # the command speaks English; so do the API errors it passes on
    def handle(self, *args, file, partial, **options):
        with open(file, encoding="utf-8-sig", newline="") as handle:
            try:
                outcome = import_samples(csv_rows(handle), partial=partial)
            except ApiError as error:
                self._report(error.details.get("errors", []))
                raise CommandError(error.message) from error
        self._report(outcome.errors)
        self.stdout.write(f"added {outcome.added}, already present {outcome.already_present}, "
                          f"rejected {len({e['line'] for e in outcome.errors})}")

    def _report(self, errors):
        for error in errors:
            where = f" {error['field']}" if error["field"] else ""
            self.stderr.write(f"line {error['line']}{where}: {error['reason']}")
