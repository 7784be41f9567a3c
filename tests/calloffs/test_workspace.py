"""The home page's call-off items: the supplier's to acknowledge, the buyer's proposals to decide
and late answers, the cooperative manager's members' late answers; nothing for others."""

from datetime import datetime

import pytest

from rantai.calloffs import services
from tests.calloffs.conftest import JAKARTA, release
from tests.core.test_workspace import items, sections

pytestmark = pytest.mark.django_db


def test_each_side_sees_what_waits_for_it(world, supply, login, _pinned_clock):  # noqa: PT019
    first = release(supply)
    second = release(supply)
    services.propose(call_off=second, user=world.user("firm_a"), quantity=450, note="Bahan baku")

    supplier = items(login(world.user("firm_a")))
    assert supplier["calloffs-acknowledge"] == (
        "1 call-off to acknowledge",
        "/call-offs/?status=released",
        1,
    )
    buyer = items(login(supply.buyer_user))
    assert buyer["calloffs-proposals"] == (
        "1 proposed change to decide",
        "/call-offs/?status=proposed",
        1,
    )
    assert "calloffs-unanswered" not in buyer
    assert "calloffs-members" not in items(login(world.user("coop_manager")))

    _pinned_clock.move_to(datetime(2026, 6, 15, 15, 0, tzinfo=JAKARTA), tick=False)
    assert items(login(supply.buyer_user))["calloffs-unanswered"][2] == 1
    assert items(login(world.user("coop_manager")))["calloffs-members"] == (
        "1 member's call-off not acknowledged in time",
        "/call-offs/?status=released",
        1,
    )
    services.acknowledge(call_off=first, user=world.user("firm_a"))
    assert "calloffs-acknowledge" not in items(login(world.user("firm_a")))
    assert "calloffs" not in sections(login(world.user("mentor")))
    assert "calloffs-acknowledge" not in items(login(world.user("firm_b")))
