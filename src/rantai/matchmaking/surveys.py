"""The follow-up survey six months after an event: invitations by email, once per participant.

Run daily (``manage.py send_survey_invitations``). An event becomes due six months after its
last day and stays due for another six months, so a first run on an old database does not
write to participants of events long past."""

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, User
from rantai.core.mail import notify
from rantai.inbox.models import Notification
from rantai.matchmaking.models import Registration, SurveyResponse

AFTER = timedelta(days=182)
WINDOW = timedelta(days=183)


def recipients(registration: Registration) -> list[User | str]:
    """The registration's contact address (no account behind it: the site's language), then the
    firm's people."""
    found: list[User | str] = [registration.email] if registration.email else []
    found += (
        Membership.objects.active()
        .filter(organisation_id=registration.firm_id)
        .exclude(user__email="")
        .users()
    )
    return found


def send_due(today: date | None = None) -> list[Registration]:
    today = today or timezone.localdate()
    due = (
        Registration.objects.filter(
            status=Registration.Status.APPROVED,
            survey_invited_at__isnull=True,
            event__ends_on__lte=today - AFTER,
            event__ends_on__gt=today - AFTER - WINDOW,
        )
        .exclude(pk__in=SurveyResponse.objects.values("registration_id"))
        .select_related("event", "firm")
    )
    sent = []
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, survey_invited_at__isnull=True
            ).update(survey_invited_at=timezone.now())
        if not claimed:
            continue  # another run took it
        to = recipients(registration)
        if to:
            notify(
                to,
                partial(_compose, registration),
                kind=Notification.Kind.SURVEY,
                url=reverse("matchmaking:survey", args=[registration.event_id]),
            )
        sent.append(registration)
    return sent


def _compose(registration: Registration) -> tuple[str, str]:
    subject = _("Six months after %(event)s: how did it go?") % {"event": registration.event.name}
    body = render_to_string(
        "matchmaking/email/survey.txt",
        {
            "registration": registration,
            "url": settings.SITE_URL + reverse("matchmaking:survey", args=[registration.event_id]),
        },
    )
    return subject, body
