from dataclasses import dataclass
from datetime import date

import pytest

from rantai.accounts.models import Role
from rantai.estates.models import Estate
from tests.factories import (
    DAMPYAK,
    EstateFactory,
    MembershipFactory,
    UnitFactory,
    UnitTypeFactory,
    UserFactory,
)


@dataclass
class Site:
    estate: Estate  # LIK Takaru, run by the Tegal regency
    types: dict  # code -> UnitType
    units: list  # six units: A-1, B-1, C-1 … C-4
    manager_user: object  # an estate manager of the regency (persona "pengelola")


def make_estate(world) -> Site:
    estate = EstateFactory(
        name="LIK Takaru",
        manager=world.regency,
        village_id=DAMPYAK,
        address="Jl. Raya Dampyak, Kramat",
        plan_columns=4,
    )
    types = {
        code: UnitTypeFactory(
            estate=estate, code=code, floor_area_m2=area, power_va=power, monthly_fee=fee
        )
        for code, area, power, fee in (
            ("A", 300, 23000, 1_500_000),
            ("B", 200, 16500, 1_000_000),
            ("C", 100, 7700, 500_000),
        )
    }
    codes = ["A-1", "B-1", "C-1", "C-2", "C-3", "C-4"]
    units = [
        UnitFactory(
            estate=estate,
            code=code,
            type=types[code[0]],
            plan_order=n,
            vacant_since=date(2020, 1, 1),
        )
        for n, code in enumerate(codes)
    ]
    manager_user = UserFactory(username="pengelola")
    MembershipFactory(user=manager_user, organisation=world.regency, role=Role.ESTATE_MANAGER)
    return Site(estate, types, units, manager_user)


@pytest.fixture
def site(world) -> Site:
    return make_estate(world)
