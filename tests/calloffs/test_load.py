"""On acknowledging, the supplier gives the machine hours a call-off takes and sees its week's
load against its declared machines (machines × working hours), warned when over."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rantai.calloffs import services
from tests.calloffs.conftest import release
from tests.factories import MachineFactory

pytestmark = pytest.mark.django_db


def test_the_week_load_counts_acknowledged_firm_call_offs_against_machines(world, supply):
    MachineFactory(firm=world.firm_a, count=2)  # 2 machines × 40 working hours = 80
    monday = release(supply, due_on=date(2026, 6, 22))
    friday = release(supply, due_on=date(2026, 6, 26))
    next_week = release(supply, due_on=date(2026, 6, 29))
    unanswered = release(supply, due_on=date(2026, 6, 23))
    for call_off, hours in ((monday, 30), (friday, 25), (next_week, 70)):
        services.acknowledge(
            call_off=call_off, user=world.user("firm_a"), machine_hours=Decimal(hours)
        )
    load = services.week_load(world.firm_a.pk, date(2026, 6, 24))
    assert (load.week_start, load.hours, load.capacity) == (
        date(2026, 6, 22),
        Decimal("55"),
        Decimal("80"),
    )
    assert (load.over, load.percent) == (False, 69)
    assert unanswered.machine_hours is None


def test_the_form_offers_the_last_rate_and_warns_when_over(world, supply, login):
    MachineFactory(firm=world.firm_a, count=1)  # 40 hours a week
    first = release(supply, quantity=Decimal("500"))
    services.acknowledge(call_off=first, user=world.user("firm_a"), machine_hours=Decimal("30"))
    second = release(supply, quantity=Decimal("250"))
    assert services.usual_machine_hours(second) == Decimal("15.0")  # 30 h per 500 pieces

    client = login(world.user("firm_a"))
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'value="15.0"' in page and "Week of 22 Jun 2026: 30 of 40 machine hours" in page
    response = client.post(
        reverse("calloffs:acknowledge", args=[second.pk]), {"machine_hours": "15"}
    )
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told[-1] == (
        "Over capacity in the week of 22 Jun 2026: 45 machine hours acknowledged against 40 "
        "that your machines give."
    )
    second.refresh_from_db()
    assert second.machine_hours == Decimal("15.0")


def test_negative_hours_are_refused(world, supply, login):
    call_off = release(supply)
    client = login(world.user("firm_a"))
    client.post(reverse("calloffs:acknowledge", args=[call_off.pk]), {"machine_hours": "-2"})
    call_off.refresh_from_db()
    assert call_off.status == "released" and call_off.machine_hours is None
