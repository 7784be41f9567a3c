"""The firms behind a step of the funnel as a list page."""

import pytest
from django.urls import reverse

from tests.factories import FirmFactory, place
from tests.lists import counted, listed

pytestmark = pytest.mark.django_db


def test_the_firms_of_a_step_page_and_stay_in_the_remit(world, login):
    lathes = [FirmFactory(name=f"CV Bubut {n:02d}") for n in range(50)]
    semarang = FirmFactory(name="CV Semarang Logam", **place("33.74.16.1002"))
    client = login(world.user("officer"))  # Kabupaten Tegal
    url = reverse("insights:step-firms", args=["registered"])
    first = client.get(url)
    assert counted(first) == 52 and listed(first) == [world.firm_b, *lathes[:49]]
    assert listed(client.get(url, {"page": 2})) == [lathes[49], world.firm_a]
    assert 'data-testid="step-count">52<' in first.content.decode()
    # A filter value that does not validate is left out, as on the dashboard.
    assert counted(client.get(url, {"year": "dua"})) == 52
    # An officer of Kota Semarang only ever sees its own region's firms.
    far = login(world.user("far_officer"))
    assert listed(far.get(url)) == [semarang]
    assert listed(far.get(url, {"region": "33.28"})) == [semarang]
