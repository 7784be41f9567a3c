from dataclasses import dataclass
from datetime import date, time

import pytest

from rantai.accounts.models import Role
from rantai.firms.models import Firm
from rantai.matchmaking.models import Event, Registration
from tests.factories import (
    CapabilityFactory,
    EventFactory,
    FirmFactory,
    MembershipFactory,
    RegistrationFactory,
    UserFactory,
    place,
)


@dataclass
class Fair:
    event: Event
    buyer: Registration  # PT Jateng Presisi Otomotif, persona "buyer"
    a: Registration  # firm A (supplier)
    b: Registration  # firm B (supplier)
    buyer_user: object


def make_event(world, tables=2) -> Fair:
    """A published-to-be event organised by the Tegal regency (the 'officer' persona), with a
    buyer and firms A and B as approved suppliers; 6 slots of 20 minutes in one morning."""
    event = EventFactory(
        name="Temu Bisnis Tegal",
        organiser=world.regency,
        venue="LIK Takaru",
        starts_on=date(2021, 11, 23),
        ends_on=date(2021, 11, 23),
        tables=tables,
        slot_minutes=20,
        status=Event.Status.OPEN,
        session__name="Pagi",
        session__date=date(2021, 11, 23),
        session__starts_at=time(9),
        session__ends_at=time(11),
    )
    buyer_firm = FirmFactory(
        kind=Firm.Kind.LARGE,
        name="PT Jateng Presisi Otomotif",
        nib=None,
        **place("33.74.16.1002"),
        latitude=-6.97,
        longitude=110.34,
    )
    buyer_user = UserFactory(username="buyer")
    MembershipFactory(user=buyer_user, organisation=buyer_firm, role=Role.BUYER)
    CapabilityFactory(firm=world.firm_a, process_id="cnc-turning", tolerance=4)
    CapabilityFactory(firm=world.firm_b, process_id="cnc-turning", tolerance=2, in_house=False)
    approved = Registration.Status.APPROVED
    buyer = RegistrationFactory(
        event=event,
        firm=buyer_firm,
        role="buyer",
        status=approved,
        representative="Manajer Pengadaan",
    )
    a = RegistrationFactory(
        event=event, firm=world.firm_a, role="supplier", status=approved, representative="Direktur"
    )
    b = RegistrationFactory(
        event=event, firm=world.firm_b, role="supplier", status=approved, representative="Direktur"
    )
    return Fair(event, buyer, a, b, buyer_user)


@pytest.fixture
def fair(world) -> Fair:
    return make_event(world)
