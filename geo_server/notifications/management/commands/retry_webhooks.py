from django.core.management.base import BaseCommand

from geo_server.notifications.webhooks import retry_due


class Command(BaseCommand):
    help = "Attempt the webhook deliveries whose next attempt is due (Celery beat does this every minute)."

    def handle(self, *args, **options):
        attempts = retry_due()
        delivered = sum(1 for a in attempts if a.status_code and 200 <= a.status_code < 300)
        self.stdout.write(f"{len(attempts)} attempts, {delivered} delivered")
