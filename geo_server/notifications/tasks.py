from celery import shared_task

from geo_server.notifications import webhooks


@shared_task(name="notifications.deliver_webhook")
def deliver_webhook(delivery_id: int) -> dict | None:
    logged = webhooks.attempt(delivery_id)
    if logged is None:
        return None
    return {"delivery": delivery_id, "attempt": logged.number, "status_code": logged.status_code,
            "error": logged.error}


@shared_task(name="notifications.retry_webhooks")
def retry_webhooks() -> int:
    """Beat runs this every minute: the retries that are due, and any delivery whose message was lost."""
    return len(webhooks.retry_due())
