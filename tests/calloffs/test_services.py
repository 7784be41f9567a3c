"""Releasing, changing, cancelling, acknowledging and proposing call-offs; escalation; what is
refused and that a refusal writes nothing."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rantai.calloffs import services
from rantai.calloffs.models import CallOff
from rantai.inbox.models import Notification
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Order, OrderLine, Partnership
from tests.calloffs.conftest import JAKARTA, MONDAY, release, terms
from tests.factories import MembershipFactory, UserFactory
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def refused(call, *args, **kwargs) -> dict:
    """The errors ``call`` raises (in English), checking that it wrote nothing."""
    before = fingerprint()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert fingerprint() == before
    return messages(caught.value)


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Notification.Kind.CALL_OFF)
        .order_by("pk")
        .values_list("subject", flat=True)
    )


# Releasing


def test_a_firm_call_off_is_an_order_line_and_the_supplier_is_told(world, supply):
    call_off = release(supply, window_from="08:00", window_to="10:00")

    assert call_off.status == CallOff.Status.RELEASED
    assert call_off.number == "CO-260615-001"
    assert call_off.ack_due_at == datetime(2026, 6, 15, 14, 0, tzinfo=JAKARTA)  # 4 working hours
    line = call_off.line
    assert (line.part, line.quantity, line.unit_price, line.due_on) == (
        "BS-12 Bushing baja suspensi",
        Decimal("500"),
        Decimal("4500"),
        date(2026, 6, 22),
    )
    assert (line.order.number, line.order.partnership) == ("CO-260615-001", supply.deal)
    subjects = told(world.user("firm_a"))
    assert (len(subjects) == 1 and "New call-off CO-260615-001" in subjects[0]) or subjects[0]
    assert told(supply.buyer_user) == []
    assert call_off.history.count() >= 1


def test_a_friday_afternoon_call_off_is_due_on_monday(supply, _pinned_clock):  # noqa: PT019
    _pinned_clock.move_to(datetime(2026, 6, 19, 14, 0, tzinfo=JAKARTA), tick=False)
    call_off = release(supply)
    assert call_off.ack_due_at == datetime(2026, 6, 22, 10, 0, tzinfo=JAKARTA)


def test_a_forecast_asks_nothing_yet_and_firming_it_up_makes_the_order_line(supply):
    forecast = release(supply, zone="forecast", due_on=date(2026, 7, 20))
    assert forecast.line is None and forecast.ack_due_at is None
    assert not OrderLine.objects.exists()

    firm = services.change(
        call_off=forecast, user=supply.buyer_user, reason="Masuk horizon tetap", zone="firm"
    )
    assert firm.line.due_on == date(2026, 7, 20) and firm.ack_due_at is not None


def test_a_kanban_pull_is_cards_times_the_card_quantity(supply):
    call_off = release(supply, quantity=None, kanban_cards=6, card_quantity=Decimal("50"))
    assert call_off.quantity == Decimal("300") and call_off.line.quantity == Decimal("300")
    errors = refused(release, supply, kanban_cards=6, card_quantity=Decimal("50"))
    assert errors["quantity"] == ["A kanban pull of 6 cards × 50 is 300, not 500."]
    errors = refused(release, supply, kanban_cards=6)
    assert errors["card_quantity"] == [
        "A kanban pull needs both the cards and the quantity per card."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quantity": Decimal("0")}, "quantity", "Ensure this value is greater than or equal"),
        ({"quantity": Decimal("-5")}, "quantity", "Ensure this value is greater than or equal"),
        ({"due_on": date(2026, 6, 14)}, "due_on", "The due date is in the past."),
        ({"due_on": date(2027, 10, 3)}, "due_on", "The agreement ends before this due date."),
        ({"part_number": ""}, "part_number", "This field cannot be blank."),
        ({"delivery_point": ""}, "delivery_point", "This field cannot be blank."),
        (
            {"window_from": "10:00", "window_to": "08:00"},
            "window_to",
            "The delivery window must end after it starts.",
        ),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_written(supply, changes, field, message):
    errors = refused(release, supply, **changes)
    assert any(m.startswith(message) for m in errors[field]), errors


@pytest.mark.parametrize("status", ["draft", "ended", "terminated"])
def test_no_call_off_outside_an_agreement_in_force(supply, status):
    Partnership.objects.filter(pk=supply.deal.pk).update(status=status)
    errors = refused(release, supply)
    assert errors["__all__"] == [
        "Call-offs can only be released under a signed or active agreement."
    ]


def test_a_number_is_used_once_per_agreement_orders_included(supply):
    release(supply, number="CO-A1")
    errors = refused(release, supply, number="CO-A1")
    assert errors["number"] == ["This agreement already has a call-off or order numbered CO-A1."]
    partnership_services.create_order(
        partnership=supply.deal,
        number="PO-77",
        ordered_on=date(2026, 6, 15),
        lines=[terms_line()],
        user=supply.buyer_user,
    )
    assert "number" in refused(release, supply, number="PO-77")


def terms_line():
    return {
        "part": "Pin",
        "quantity": 10,
        "unit": "pcs",
        "unit_price": 100,
        "due_on": date(2026, 6, 20),
    }


def test_a_schedule_is_written_whole_or_not_at_all(world, supply):
    rows = [terms(due_on=date(2026, 6, 15) + timedelta(days=n)) for n in range(1, 6)]
    made = services.release_schedule(partnership=supply.deal, user=supply.buyer_user, rows=rows)
    assert [c.number for c in made] == [f"CO-260615-00{n}" for n in range(1, 6)]
    assert CallOff.objects.count() == 5 and OrderLine.objects.count() == 5
    assert told(world.user("firm_a")) == ["5 new call-offs from PT Jateng Presisi Otomotif"]

    bad = [terms(), terms(quantity=Decimal("0")), terms(due_on=date(2020, 1, 1))]
    with translation.override("en"):
        errors = refused(
            services.release_schedule, partnership=supply.deal, user=supply.buyer_user, rows=bad
        )["__all__"]
    assert errors[0].startswith("Row 2, quantity: Ensure this value is greater than or equal")
    assert errors[1] == "Row 3, due date: The due date is in the past."
    assert CallOff.objects.count() == 5


def test_a_schedule_names_each_bad_row_and_checks_every_row_before_saving_any(supply):
    rows = [terms(number="A"), terms(number="A"), terms(due_on=date(2020, 1, 1)), terms()]
    with translation.override("en"), pytest.raises(services.ScheduleRejected) as rejected:
        services.release_schedule(partnership=supply.deal, user=supply.buyer_user, rows=rows)
    assert sorted(rejected.value.rows) == [2, 3]  # each bad row's errors, by field
    assert rejected.value.rows[2].message_dict == {
        "number": ["This number is used twice in the schedule."]
    }
    assert rejected.value.messages == [
        "Row 2, call-off number: This number is used twice in the schedule.",
        "Row 3, due date: The due date is in the past.",
    ]
    assert not CallOff.objects.exists()

    # A number made up for a row avoids the numbers other rows give.
    made = services.release_schedule(
        partnership=supply.deal,
        user=supply.buyer_user,
        rows=[terms(), terms(number="CO-260615-001")],
    )
    assert [c.number for c in made] == ["CO-260615-002", "CO-260615-001"]


# Answering


def test_the_supplier_acknowledges_once(world, supply):
    call_off = release(supply)
    done = services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    assert done.status == CallOff.Status.ACKNOWLEDGED and done.acknowledged_at == MONDAY
    errors = refused(services.acknowledge, call_off=call_off, user=world.user("firm_a"))
    assert errors["__all__"] == ["This call-off is acknowledged; that cannot be done now."]


def test_a_proposal_accepted_becomes_the_terms_and_the_order_line(world, supply):
    call_off = release(supply)
    services.propose(
        call_off=call_off,
        user=world.user("firm_a"),
        quantity=Decimal("400"),
        due_on=date(2026, 6, 24),
        note="Bahan baku baru datang Selasa",
    )
    assert told(supply.buyer_user) == [
        "PT Sinergi Mandiri Teknikatama proposes a change to call-off CO-260615-001"
    ]
    accepted = services.decide(call_off=call_off, user=supply.buyer_user, accept=True)
    assert accepted.status == CallOff.Status.ACKNOWLEDGED
    assert (accepted.quantity, accepted.due_on) == (Decimal("400"), date(2026, 6, 24))
    assert (accepted.line.quantity, accepted.line.due_on) == (Decimal("400"), date(2026, 6, 24))


def test_a_rejected_proposal_keeps_the_terms_and_asks_again(world, supply):
    call_off = release(supply)
    services.propose(
        call_off=call_off, user=world.user("firm_a"), due_on=date(2026, 6, 25), note="Mesin CNC"
    )
    errors = refused(services.decide, call_off=call_off, user=supply.buyer_user, accept=False)
    assert errors["reason"] == ["Say why the proposal is rejected."]
    again = services.decide(
        call_off=call_off, user=supply.buyer_user, accept=False, reason="Lini perakitan menunggu"
    )
    assert again.status == CallOff.Status.RELEASED and again.due_on == date(2026, 6, 22)
    assert again.proposed_due_on is None and again.reason == "Lini perakitan menunggu"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({}, "proposed_quantity", "Propose another quantity, another due date, or both."),
        ({"quantity": Decimal("-1")}, "proposed_quantity", "The quantity must be above zero."),
        ({"due_on": date(2026, 6, 1)}, "proposed_due_on", "The due date is in the past."),
    ],
)
def test_a_bad_proposal_is_refused(world, supply, values, field, message):
    call_off = release(supply)
    errors = refused(
        services.propose, call_off=call_off, user=world.user("firm_a"), note="x", **values
    )
    assert errors[field] == [message]


# Changing and cancelling


def test_a_change_needs_a_reason_moves_the_line_and_asks_again(world, supply, _pinned_clock):  # noqa: PT019
    call_off = release(supply)
    services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    _pinned_clock.move_to(datetime(2026, 6, 16, 15, 0, tzinfo=JAKARTA), tick=False)
    errors = refused(
        services.change, call_off=call_off, user=supply.buyer_user, reason=" ", quantity=600
    )
    assert errors["reason"] == ["Say why the call-off changes."]

    changed = services.change(
        call_off=call_off,
        user=supply.buyer_user,
        reason="Permintaan naik",
        quantity=Decimal("600"),
    )
    assert changed.status == CallOff.Status.RELEASED and changed.acknowledged_at is None
    assert changed.ack_due_at == datetime(2026, 6, 17, 11, 0, tzinfo=JAKARTA)
    assert changed.line.quantity == Decimal("600")
    assert told(world.user("firm_a"))[-1].endswith("changed call-off CO-260615-001")
    assert changed.history.first().history_change_reason == "Permintaan naik"


def test_cancelling_removes_the_order_line_or_keeps_what_arrived(supply):
    untouched = release(supply)
    order = untouched.line.order
    services.cancel(call_off=untouched, user=supply.buyer_user, reason="Model dihentikan")
    untouched.refresh_from_db()
    assert untouched.status == CallOff.Status.CANCELLED and untouched.line is None
    assert not Order.objects.filter(pk=order.pk).exists()

    started = release(supply)
    partnership_services.add_delivery(
        line=started.line, delivered_on=date(2026, 6, 15), quantity=Decimal("200")
    )
    services.cancel(call_off=started, user=supply.buyer_user, reason="Model dihentikan")
    started.refresh_from_db()
    assert started.line.quantity == Decimal("200")  # what arrived stays, complete
    errors = refused(services.cancel, call_off=started, user=supply.buyer_user, reason="lagi")
    assert errors["__all__"] == ["This call-off is cancelled; that cannot be done now."]


# Escalation


def test_an_unanswered_call_off_climbs_owner_cooperative_buyer_once_each(world, supply):
    call_off = release(supply)  # due to be acknowledged at 14:00
    staff = UserFactory(username="staf_gudang")
    MembershipFactory(user=staff, organisation=world.firm_a, role="staff", can_manage=False)

    def at(day, hour):
        return datetime(2026, 6, day, hour, 0, tzinfo=JAKARTA)

    assert services.escalate_overdue(now=at(15, 13)) == []
    assert [c.escalation for c in services.escalate_overdue(now=at(15, 15))] == [1]
    assert told(world.user("firm_a"))[-1] == (
        "Call-off CO-260615-001 to PT Sinergi Mandiri Teknikatama is not acknowledged"
    )
    assert "not acknowledged" not in " ".join(told(staff))  # the owner, not every member
    assert services.escalate_overdue(now=at(15, 15)) == []  # a step is taken once
    assert [c.escalation for c in services.escalate_overdue(now=at(16, 11))] == [2]
    assert told(world.user("coop_manager")) == [
        "Call-off CO-260615-001 to PT Sinergi Mandiri Teknikatama is not acknowledged"
    ]
    assert [c.escalation for c in services.escalate_overdue(now=at(16, 15))] == [3]
    assert told(supply.buyer_user)[-1].startswith("Call-off CO-260615-001")
    assert services.escalate_overdue(now=at(30, 9)) == []

    services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    call_off.refresh_from_db()
    assert call_off.escalation == 3  # the record of what happened stays


def test_after_missed_runs_every_level_passed_is_told_at_once(world, supply):
    release(supply)
    moved = services.escalate_overdue(now=datetime(2026, 6, 17, 9, tzinfo=JAKARTA))
    assert [c.escalation for c in moved] == [3]
    subject = "Call-off CO-260615-001 to PT Sinergi Mandiri Teknikatama is not acknowledged"
    for user in (world.user("firm_a"), world.user("coop_manager"), supply.buyer_user):
        assert told(user)[-1] == subject


def test_an_acknowledged_call_off_is_not_escalated(world, supply):
    call_off = release(supply)
    services.acknowledge(call_off=call_off, user=world.user("firm_a"))
    assert services.escalate_overdue(now=datetime(2026, 6, 20, 9, tzinfo=JAKARTA)) == []
