from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, no_translations

from geo_server.errors import ApiError
from layers.exports import core, districts, params


class Command(BaseCommand):
    help = "Write one export file per district office: each district's features of a layer."

    def add_arguments(self, parser):
        parser.add_argument("--layer", required=True, action="append", help="layer id (repeat for several)")
        parser.add_argument("--format", default="gpkg", choices=params.FORMATS)
        parser.add_argument("--crs", default="4326", help="output CRS: 4326, 4490 or 4547")
        parser.add_argument("--out", required=True, type=Path, help="directory for the files")
        parser.add_argument("--city", default="440100", help="the city whose districts to export (Guangzhou)")

    @no_translations  # the command speaks English; so do the API errors it passes on
    def handle(self, *args, layer, format, crs, out, city, **options):
        out.mkdir(parents=True, exist_ok=True)
        try:
            for _district, export in districts.exports(SYSTEM_USER, layer, format, crs, city,
                                                       requested_by=core.SYSTEM):
                path = out / export.filename
                with path.open("wb") as file:
                    for chunk in export.chunks:
                        file.write(chunk)
                self.stdout.write(f"wrote {path}")
        except ApiError as error:
            raise CommandError(error.message) from None


class SystemUser(AnonymousUser):
    """Who the command exports as: it sees every feature, like a superuser, but is no account
    (the log says requested_by="system")."""

    is_superuser = True

    @property
    def is_authenticated(self):
        return True


SYSTEM_USER = SystemUser()
