"""Daily reminders of corrective actions: once when due soon, once when overdue, per firm."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from rantai.five_r import reminders, services
from rantai.five_r.models import CorrectiveAction
from rantai.inbox.models import Notification
from tests.factories import AuditFactory


def _actions(world):
    audit = AuditFactory(firm=world.firm_a, submitted=True, submit__low_codes=("RK1", "RK2", "RS1"))
    Notification.objects.all().delete()  # the audit's own notice
    return list(audit.actions.order_by("item__code"))


def _due(action, day):
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=day)


def subjects():
    return sorted(Notification.objects.values_list("subject", flat=True))


def test_due_soon_and_overdue_are_each_told_once_and_a_new_date_tells_again(world):
    today = timezone.localdate()
    rk1, rk2, rs1 = _actions(world)
    _due(rk1, today - timedelta(days=1))
    _due(rk2, today + timedelta(days=2))
    _due(rs1, today + timedelta(days=10))

    assert reminders.send_due(today) == 2
    assert subjects() == [
        "1 tindakan perbaikan PT Sinergi Mandiri Teknikatama lewat tenggat",
        "1 tindakan perbaikan PT Sinergi Mandiri Teknikatama segera jatuh tempo",
    ]
    notice = Notification.objects.get(subject__contains="lewat")
    assert notice.recipient == world.user("firm_a")
    assert "RK1" in notice.body and "RK2" not in notice.body
    assert notice.url.endswith(f"?audit__firm={world.firm_a.pk}&show=overdue")
    assert reminders.send_due(today) == 0  # a second run the same day

    # A week later RK2 is overdue and RS1 is due soon; a day missed is caught up.
    later = today + timedelta(days=8)
    assert reminders.send_due(later) == 2
    assert Notification.objects.count() == 4

    # Done actions are never reminded; a new date makes an action's reminders due again.
    services.update_action(action=rk2, user=world.user("firm_a"), status="done", closing_note="ok")
    rs1.refresh_from_db()
    services.update_action(
        action=rs1,
        user=world.user("firm_a"),
        status="in_progress",
        due_on=later + timedelta(days=1),
    )
    out = StringIO()
    call_command("send_action_reminders", stdout=out)  # today: nothing within three days
    assert out.getvalue() == "0 reminder(s) sent.\n"
    assert reminders.send_due(later) == 1  # RS1's new date is due soon: told again
    assert Notification.objects.filter(body__contains="RS1").count() == 2
    assert reminders.send_due(later) == 0


def test_a_deleted_firm_is_not_reminded(world):
    today = timezone.localdate()
    actions = _actions(world)
    for action in actions:
        _due(action, today - timedelta(days=1))
    world.firm_a.deleted_at = timezone.now()
    world.firm_a.save()
    assert reminders.send_due(today) == 0
