"""End-of-lease reminders: 60 days before a lease ends (and it has no renewal), the tenant's
people and the estate's managers get one email; ``Lease.reminded_for`` keeps the end date it was
sent for, so it goes once per lease period."""

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, Role, User
from rantai.core.mail import notify
from rantai.estates.models import Lease
from rantai.inbox.models import Notification

AHEAD = timedelta(days=60)


def recipients(lease: Lease) -> list[User]:
    return (
        Membership.objects.active()
        .filter(
            Q(organisation_id=lease.tenant_id)
            | Q(organisation_id=lease.estate.manager_id, role=Role.ESTATE_MANAGER)
        )
        .exclude(user__email="")
        .users()
    )


def send_due(today: date | None = None) -> list[Lease]:
    today = today or timezone.localdate()
    due = (
        Lease.objects.filter(
            status=Lease.Status.ACTIVE, ends_on__gte=today, ends_on__lte=today + AHEAD
        )
        .filter(renewals__isnull=True)
        .exclude(reminded_for=F("ends_on"))
        .select_related("estate", "tenant")
    )
    sent = []
    for lease in due:
        to = recipients(lease)
        if to:
            notify(
                to,
                partial(_compose, lease),
                kind=Notification.Kind.LEASE_ENDING,
                url=lease.get_absolute_url(),
            )
        Lease.objects.filter(pk=lease.pk).update(reminded_for=lease.ends_on)
        sent.append(lease)
    return sent


def _compose(lease: Lease) -> tuple[str, str]:
    subject = _("Lease of %(tenant)s at %(estate)s ends on %(day)s") % {
        "tenant": lease.tenant.name,
        "estate": lease.estate.name,
        "day": date_format(lease.ends_on, "SHORT_DATE_FORMAT"),
    }
    body = render_to_string(
        "estates/email/lease_ending.txt",
        {"lease": lease, "url": settings.SITE_URL + lease.get_absolute_url()},
    )
    return subject, body
