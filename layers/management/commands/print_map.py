from pathlib import Path

from django.core.management.base import BaseCommand

from layers.printmaps import district_map


class Command(BaseCommand):
    help = "Write a printable HTML map of one district's features that opens with no internet."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="district code, e.g. 440106")
        parser.add_argument("--out", required=True, type=Path, help="the HTML file to write")

    def handle(self, *args, district, out, **options):
        out.write_text(district_map(district), encoding="utf-8")
        self.stdout.write(f"wrote {out}")
