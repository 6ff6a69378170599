from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from geo_server.patrols.plans import generate_tasks


class Command(BaseCommand):
    help = "Create the due patrol tasks of the period containing --date (default today) for every active plan."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="YYYY-MM-DD")

    def handle(self, *args, day=None, **options):
        try:
            day = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        created = generate_tasks(day)
        self.stdout.write(f"{created} new patrol tasks for the periods containing {day.isoformat()}")
