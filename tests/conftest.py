"""Personas used across the suite: who sees and changes what.

- anonymous: not signed in
- firm_a / firm_b: owners of two IKM in Kabupaten Tegal (firm A in Kramat, firm B in Slawi)
- outsider: signed in, belongs to no organisation
- mentor: a 5R mentor of the ministry
- officer: a program officer of Kabupaten Tegal (remit 33.28)
- far_officer: a program officer of Kota Semarang (remit 33.74), outside firm A's region
- coop_manager: manager of the cooperative firm A belongs to
- admin: an administrator
"""

import os
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from rantai.accounts.models import Role
from rantai.firms.models import Firm
from tests.factories import (
    SLAWI_WETAN,
    CooperativeMembershipFactory,
    FirmFactory,
    MembershipFactory,
    UserFactory,
    place,
)

PASSWORD = "secret-pass-123"
PERSONAS = [
    "anonymous",
    "firm_a",
    "firm_b",
    "outsider",
    "mentor",
    "officer",
    "far_officer",
    "coop_manager",
    "admin",
]


JAKARTA = ZoneInfo("Asia/Jakarta")
DEFAULT_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=JAKARTA)


def pinned_now() -> datetime:
    """The instant the suite runs at: RANTAI_TEST_NOW (an ISO date, at 10:00 in Jakarta, or an
    ISO datetime, in Jakarta unless it names its offset), else a fixed Monday in June 2026."""
    value = os.environ.get("RANTAI_TEST_NOW", "").strip()
    if not value:
        return DEFAULT_NOW
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(10), tzinfo=JAKARTA)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=JAKARTA)


def pytest_report_header(config):
    return f"clock pinned at {pinned_now().isoformat()} (set RANTAI_TEST_NOW to move it)"


@pytest.fixture(autouse=True)
def _pinned_clock():
    """Every test starts at the same instant and the clock ticks on from there. time-machine
    patches the process, so the live server's thread and the browser tests' ``load_demo`` see
    the same clock; the browser's own clock is not moved (see e2e/conftest.py)."""
    with time_machine.travel(pinned_now(), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language. A request by a user who reads English leaves
    English active in the thread (the middleware activates the reader's language and nothing
    resets it), and a later test reading a lazy message outside its own override would get it
    in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class World:
    firm_a: Firm
    firm_b: Firm
    cooperative: Firm
    ministry: Firm
    regency: Firm
    semarang: Firm
    users: dict

    def user(self, persona: str):
        return self.users.get(persona)


@pytest.fixture
def world(db) -> World:
    ministry = FirmFactory(kind=Firm.Kind.AGENCY, name="Ditjen IKMA", nib=None)
    regency = FirmFactory(kind=Firm.Kind.AGENCY, name="Pemerintah Kabupaten Tegal", nib=None)
    semarang = FirmFactory(
        kind=Firm.Kind.AGENCY, name="Pemerintah Kota Semarang", nib=None, **place("33.74.05.1001")
    )
    cooperative = FirmFactory(kind=Firm.Kind.COOPERATIVE, name="Koperasi TMI", nib=None)
    firm_a = FirmFactory(name="PT Sinergi Mandiri Teknikatama", npwp="012345678901234")
    firm_b = FirmFactory(name="CV Baja Slawi", **place(SLAWI_WETAN))
    CooperativeMembershipFactory(firm=firm_a, cooperative=cooperative)
    users = {"anonymous": None}
    specs = {
        "firm_a": (firm_a, Role.OWNER, None, True),
        "firm_b": (firm_b, Role.OWNER, None, True),
        "mentor": (ministry, Role.MENTOR, None, False),
        "officer": (regency, Role.OFFICER, "33.28", True),
        "far_officer": (semarang, Role.OFFICER, "33.74", False),
        "coop_manager": (cooperative, Role.COOP_MANAGER, None, True),
    }
    for persona, (org, role, region, manages) in specs.items():
        user = UserFactory(username=persona)
        MembershipFactory(
            user=user, organisation=org, role=role, region_id=region, can_manage=manages
        )
        users[persona] = user
    users["outsider"] = UserFactory(username="outsider")
    users["admin"] = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return World(firm_a, firm_b, cooperative, ministry, regency, semarang, users)


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Tasks are enqueued when the transaction commits; inside a test's transaction, run them
    when the block ends, as the worker would after the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
