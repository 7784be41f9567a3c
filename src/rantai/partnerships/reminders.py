"""Renewal and expiry reminders: 90 and 30 days before an agreement ends, and once it has
ended while still marked in force. Each goes once per period (a ``Reminder`` row records it) to
the people of both parties and the program officer."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, User
from rantai.core.mail import addresses, notify
from rantai.inbox.models import Notification
from rantai.partnerships.models import Partnership, Reminder

IN_FORCE = (Partnership.Status.SIGNED, Partnership.Status.ACTIVE)


def due_kind(partnership: Partnership, today: date) -> str | None:
    """The reminder an agreement is due for today, the nearest deadline first."""
    days = (partnership.ends_on - today).days
    if days < 0:
        return Reminder.Kind.ENDED
    if days <= 30:
        return Reminder.Kind.DAYS_30
    if days <= 90:
        return Reminder.Kind.DAYS_90
    return None


def recipients(partnership: Partnership) -> list[User]:
    """The users to tell: the people of both parties, then the program officer."""
    found = (
        Membership.objects.active()
        .filter(organisation_id__in=[partnership.supplier_id, partnership.buyer_id])
        .exclude(user__email="")
        .users()
    )
    if partnership.officer and partnership.officer.email:
        found.append(partnership.officer)
    return list({user.pk: user for user in found}.values())


def send_due(today: date | None = None) -> list[Reminder]:
    today = today or timezone.localdate()
    sent = []
    candidates = Partnership.objects.filter(
        status__in=IN_FORCE, ends_on__isnull=False, ends_on__lte=today + timedelta(days=90)
    ).select_related("supplier", "buyer", "officer")
    for partnership in candidates:
        kind = due_kind(partnership, today)
        if (
            kind is None
            or Reminder.objects.filter(
                partnership=partnership, kind=kind, ends_on=partnership.ends_on
            ).exists()
        ):
            continue
        to = recipients(partnership)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    partnership=partnership,
                    kind=kind,
                    ends_on=partnership.ends_on,
                    recipients=addresses(to),
                )
        except IntegrityError:  # another worker sent it a moment ago
            continue
        if to:
            _send(partnership, kind, to, today)
        sent.append(reminder)
    return sent


def _send(partnership: Partnership, kind: str, to: list[User], today: date) -> None:
    days = (partnership.ends_on - today).days

    def compose():
        if kind == Reminder.Kind.ENDED:
            subject = _("Partnership period has ended: %(p)s") % {"p": partnership}
        else:
            subject = _("Partnership ends in %(days)d days: %(p)s") % {
                "days": days,
                "p": partnership,
            }
        body = render_to_string(
            "partnerships/email/reminder.txt",
            {
                "p": partnership,
                "days": days,
                "ended": kind == Reminder.Kind.ENDED,
                "url": settings.SITE_URL + partnership.get_absolute_url(),
            },
        )
        return subject, body

    notify(
        to, compose, kind=Notification.Kind.PARTNERSHIP_ENDING, url=partnership.get_absolute_url()
    )
