"""Background work of webhooks: each task loads its delivery by id and calls a service."""

from django.tasks import task

from rantai.webhooks import services


@task
def deliver(delivery_id: int) -> None:
    """Attempt one delivery (if still due), and enqueue its retry."""
    services.deliver(delivery_id=delivery_id)


@task
def send_due_webhooks() -> int:
    """Attempt every delivery whose time has come (the management command's work)."""
    return services.send_due()
