import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from rantai.accounts.models import User
from rantai.calloffs import services
from rantai.partnerships.models import Partnership
from tests.factories import sign_and_activate
from tests.partnerships.conftest import make_chain

JAKARTA = ZoneInfo("Asia/Jakarta")
# Call-offs count working hours, so their tests run on a known weekday, whatever the suite's
# pinned date: Monday 15 June 2026, 10:00 in Jakarta.
MONDAY = datetime(2026, 6, 15, 10, 0, tzinfo=JAKARTA)


@dataclass
class Supply:
    deal: Partnership  # firm A supplies the buyer, through the cooperative; active
    buyer_user: object
    other_buyer_user: object
    chain: object


@pytest.fixture
def monday(_pinned_clock):
    _pinned_clock.move_to(MONDAY, tick=False)
    return MONDAY


@pytest.fixture
def supply(world, monday) -> Supply:
    chain = make_chain(world)
    # The people told of call-offs read English here, so tests quote the messages as written;
    # tests of the Indonesian text switch one back.
    User.objects.update(language="en")
    sign_and_activate(chain.deal)
    chain.deal.refresh_from_db()
    return Supply(chain.deal, chain.buyer_user, chain.other_buyer_user, chain)


def terms(**changes) -> dict:
    """A firm call-off of 500 bushings due on Monday 22 June 2026, 08:00–10:00."""
    return {
        "part_number": "BS-12",
        "drawing_revision": "C",
        "description": "Bushing baja suspensi",
        "quantity": Decimal("500"),
        "unit": "pcs",
        "unit_price": Decimal("4500"),
        "due_on": date(2026, 6, 22),
        "window_from": None,
        "window_to": None,
        "delivery_point": "Gudang penerimaan, Gerbang 2",
        "zone": "firm",
        "ack_hours": 4,
    } | changes


def release(supply: Supply, **changes):
    return services.release(partnership=supply.deal, user=supply.buyer_user, **terms(**changes))


def poll_of(page: str) -> str:
    """The address the open board asks its change check at (its hx-get)."""
    return re.search(r'id="board" hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
