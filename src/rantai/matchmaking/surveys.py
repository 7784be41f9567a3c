"""The follow-up survey six months after an event: invitations by email, once per participant.

Run daily (``manage.py send_survey_invitations``). An event becomes due six months after its
last day and stays due for another six months, so a first run on an old database does not
write to participants of events long past."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership
from rantai.core.mail import subject_line
from rantai.matchmaking.models import Registration, SurveyResponse

AFTER = timedelta(days=182)
WINDOW = timedelta(days=183)


def recipients(registration: Registration) -> list[str]:
    emails = [registration.email] if registration.email else []
    emails += (
        Membership.objects.active()
        .filter(organisation_id=registration.firm_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return list(dict.fromkeys(emails))


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
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Six months after %(event)s: how did it go?") % {
                    "event": registration.event.name
                }
                body = render_to_string(
                    "matchmaking/email/survey.txt",
                    {
                        "registration": registration,
                        "url": settings.SITE_URL
                        + reverse("matchmaking:survey", args=[registration.event_id]),
                    },
                )
            send_mail(subject_line(subject), body, None, to)
        sent.append(registration)
    return sent
