from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.http import QueryDict

from geo_server.errors import ApiError
from geo_server.features.models import AdminArea
from layers.exports import core, params


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
        districts = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, parent__code=city).order_by("code")
        for district in districts.values_list("code", flat=True):
            query = QueryDict(mutable=True)
            query.setlist("layer", layer)
            query.update({"format": format, "crs": crs, "district": district})
            try:
                export = core.start(SYSTEM_USER, params.parse(query), requested_by=core.SYSTEM)
            except ApiError as error:
                raise CommandError(error.message) from None
            path = out / export.filename
            with path.open("wb") as file:
                for chunk in export.chunks:
                    file.write(chunk)
            self.stdout.write(f"wrote {path}")


class SystemUser(AnonymousUser):
    """Who the command exports as: it sees every feature, like a superuser, but is no account
    (the log says requested_by="system")."""

    is_superuser = True

    @property
    def is_authenticated(self):
        return True


SYSTEM_USER = SystemUser()
