"""Reminders of corrective actions (run daily by ``send_action_reminders``): a firm's people
hear once when its open actions fall due within ``AHEAD``, and once when they are overdue, in one
notice per firm (core.mail.notify). A day missed is caught up the next day; a second run on the
same day sends nothing."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rantai.accounts.models import Membership
from rantai.core.mail import notify
from rantai.five_r.models import CorrectiveAction, Reminder
from rantai.inbox.models import Notification

AHEAD = timedelta(days=3)


def send_due(today: date | None = None) -> int:
    """Remind the firms of the actions due; returns the number of notices sent (one per firm
    and kind)."""
    today = today or timezone.localdate()
    open_actions = CorrectiveAction.objects.open().filter(audit__firm__deleted_at__isnull=True)
    due = {
        Reminder.OVERDUE: open_actions.filter(due_on__lt=today).exclude(reminded=Reminder.OVERDUE),
        Reminder.DUE_SOON: open_actions.filter(
            due_on__gte=today, due_on__lte=today + AHEAD, reminded=""
        ),
    }
    sent = 0
    for kind, actions in due.items():
        by_firm = defaultdict(list)
        for action in actions.select_related("audit__firm", "item").order_by("due_on", "pk"):
            by_firm[action.audit.firm].append(action)
        for firm, firm_actions in by_firm.items():
            with transaction.atomic():
                CorrectiveAction.objects.filter(pk__in=[a.pk for a in firm_actions]).update(
                    reminded=kind
                )
                _tell(firm, firm_actions, kind)
            sent += 1
    return sent


def _tell(firm, actions: list[CorrectiveAction], kind: str) -> None:
    show = "overdue" if kind == Reminder.OVERDUE else "open"
    url = f"{reverse('five_r:action-list')}?audit__firm={firm.pk}&show={show}"

    def compose():
        count = {"count": len(actions), "firm": firm.name}
        if kind == Reminder.OVERDUE:
            subject = ngettext(
                "%(count)d corrective action of %(firm)s is overdue",
                "%(count)d corrective actions of %(firm)s are overdue",
                len(actions),
            )
        else:
            subject = ngettext(
                "%(count)d corrective action of %(firm)s is due soon",
                "%(count)d corrective actions of %(firm)s are due soon",
                len(actions),
            )
        subject %= count
        lines = [f"- {date_format(action.due_on)}: {action.title}" for action in actions]
        close = _("Close them on Rantai: %(url)s") % {"url": settings.SITE_URL + url}
        return subject, "\n".join([f"{subject}:", *lines, "", close])

    people = Membership.objects.active().filter(organisation_id=firm.pk)
    notify(people.users(), compose, kind=Notification.Kind.CORRECTIVE_ACTION, url=url)
