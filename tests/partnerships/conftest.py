from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from rantai.accounts.models import Role
from rantai.firms.models import Firm
from rantai.partnerships.models import Partnership
from tests.factories import (
    FirmFactory,
    MembershipFactory,
    PartnershipFactory,
    SupplyLinkFactory,
    UserFactory,
    place,
)


@dataclass
class Chain:
    oem: Firm  # PT Astra International (Jakarta)
    buyer: Firm  # PT Jateng Presisi Otomotif (Kota Semarang, 33.74), tier-1 of the OEM
    other_buyer: Firm  # PT Mitra Komponen Ungaran (Kabupaten Semarang, 33.22)
    buyer_user: object
    other_buyer_user: object
    deal: Partnership  # a draft: firm A supplies the buyer, through the cooperative


def make_chain(world, buyer: Firm | None = None, buyer_user=None) -> Chain:
    """The chain; pass the buyer (and its user) of a temu bisnis made by ``make_event`` to make
    the agreement come from that event's buyer."""
    oem = FirmFactory(
        kind=Firm.Kind.LARGE, name="PT Astra International Tbk", nib=None, **place("31.72.02.1002")
    )
    other = FirmFactory(
        kind=Firm.Kind.LARGE, name="PT Mitra Komponen Ungaran", nib=None, **place("33.22.13.1009")
    )
    if buyer is None:
        buyer = FirmFactory(
            kind=Firm.Kind.LARGE,
            name="PT Jateng Presisi Otomotif",
            nib=None,
            **place("33.74.16.1002"),
        )
        buyer_user = UserFactory(username="buyer")
        MembershipFactory(user=buyer_user, organisation=buyer, role=Role.BUYER)
    other_user = UserFactory(username="other_buyer")
    MembershipFactory(user=other_user, organisation=other, role=Role.BUYER)
    SupplyLinkFactory(buyer=oem, supplier=buyer, tier=1, commodity="Komponen rangka")
    deal = PartnershipFactory(
        supplier=world.firm_a,
        buyer=buyer,
        cooperative=world.cooperative,
        kind=Partnership.Kind.GENERAL,
        scope="Bushing baja untuk suspensi\nvolume 20.000 pcs/bulan",
        estimated_value=Decimal("1250000000"),
        starts_on=date(2022, 10, 3),
        ends_on=date(2027, 10, 2),
        signed_on=date(2022, 10, 3),
        signed_place="LIK Takaru",
        witnesses=[
            {
                "position": "Asisten Perekonomian dan Pembangunan",
                "institution": "Pemerintah Kabupaten Tegal",
            }
        ],
    )
    return Chain(oem, buyer, other, buyer_user, other_user, deal)


@pytest.fixture
def chain(world) -> Chain:
    return make_chain(world)
