from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import translation

from geo_server.errors import ApiError
from layers.printsheet import params, sheet


class Command(BaseCommand):
    help = "Write the print map sheet of a district or street (HTML or PDF, by the file's extension), as a user sees it."

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="district or street code, e.g. 440106")
        parser.add_argument("--user", required=True, help="whose view: the username (scoping as on the web)")
        parser.add_argument("--paper", default="a4", choices=["a4", "a3"])
        parser.add_argument("--grid", action="store_true", help="draw the CGCS2000 longitude/latitude grid")
        parser.add_argument("--language", default="zh-hans")
        parser.add_argument("--out", required=True, type=Path, help="a .html or .pdf file")

    def handle(self, *args, area, user, paper, grid, language, out, **options):
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user {user!r}.")
        output = "pdf" if out.suffix.lower() == ".pdf" else "html"
        query = QueryDict(mutable=True)
        query.update({"area": area, "paper": paper, "grid": "1" if grid else "0", "format": output})
        with translation.override(language):
            try:
                wanted = params.parse(person, query)
            except ApiError as error:
                raise CommandError(f"{error.code}: {error.message}") from None
            html = sheet.sheet_html(person, wanted)
            if output == "pdf":
                out.write_bytes(sheet.sheet_pdf(html))
            else:
                out.write_text(html, encoding="utf-8")
        self.stdout.write(f"wrote {out}")
