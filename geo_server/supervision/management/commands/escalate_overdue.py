from datetime import date

from django.core.management.base import BaseCommand, CommandError

from geo_server.supervision.overdue import escalate_overdue


class Command(BaseCommand):
    help = ("Mark hazards open past their deadline as overdue (once each) and escalate them to the "
            "organisation above; Celery beat runs this daily.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help="judge deadlines as of this date (YYYY-MM-DD); default today")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today must be a date, YYYY-MM-DD.") from None
        result = escalate_overdue(day)
        self.stdout.write(f"{result.overdue} hazards overdue, {result.escalated} escalated")
