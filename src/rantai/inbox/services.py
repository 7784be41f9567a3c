"""Marking notifications read: keyword-only, one transaction each, for the page and the API."""

from django.db import transaction
from django.utils import timezone

from rantai.core.access import restrict
from rantai.inbox.models import Notification


@transaction.atomic
def mark_read(*, notification: Notification) -> Notification:
    """Read it (the first reading's time stays)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Read every unread notification of ``user``; the number marked."""
    mine = restrict(Notification.objects.unread(), user, "change")
    return mine.update(read_at=timezone.now())
