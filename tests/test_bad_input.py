"""Odd and hostile query strings get a clear answer, never a server error."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.matchmaking.models import Event

URLS = [
    ("/firms/?page=abc", 200),
    ("/firms/?page=99999", 200),
    ("/firms/?sort=bogus", 200),
    ("/firms/?province=zzz&regency=xx&district=1", 200),
    ("/firms/?q=%00", 200),
    ("/firms/?certification=zzz&industry_size=zzz", 200),
    ("/firms/map/data/?kind=zzz&q=%00", 200),
    ("/regions/search/?q=%00dam&level=x", 200),
    ("/regions/children/?parent=%00", 200),
    ("/regions/children/?parent=33.28%27--", 200),
    ("/api/v1/firms/?province=zzz", 400),
    ("/api/v1/firms/?q=%00", 400),
    ("/api/v1/firms/?ordering=bogus", 200),
    ("/api/v1/firms/?page=999", 404),
    ("/api/v1/firms/abc/", 404),
    ("/firms/999999/", 404),
    ("/firms/1/bogus/add/", 404),
    ("/jobs/999/", 404),
]


@pytest.mark.parametrize(("url", "status"), URLS)
def test_no_server_error(world, login, url, status):
    assert login(world.user("admin")).get(url).status_code == status


@pytest.mark.parametrize(
    "query",
    ["year=3552612310533870.0", "year=-5e150", "tier=120475&year=0", "tier=-1"],
)
def test_an_out_of_range_number_filter_is_a_400_not_a_500(world, query):
    """Found by Schemathesis: a year beyond any date overflowed the database."""

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.user("admin"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/partnerships/?{query}").status_code == 400


def _admin_api(world):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.user("admin"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_options_on_the_checklists_is_not_a_server_error(world):
    """Found by Schemathesis in CI."""
    assert _admin_api(world).options("/api/v1/5r/checklists/").status_code == 405


def test_an_event_in_the_second_century_is_refused_not_a_server_error(world):
    """Found by Schemathesis in CI: dates far in the past reached the database."""

    response = _admin_api(world).post(
        "/api/v1/events/",
        {
            "name": "Temu bisnis",
            "organiser": world.regency.pk,
            "region": "33.28",
            "venue": "Gedung Pertemuan LIK Takaru, Dampyak",
            "starts_on": "0191-08-31",
            "ends_on": "0119-11-14",
            "registration_opens": "2026-09-08",
            "registration_closes": "2024-02-01",
            "slot_minutes": 20,
            "status": "open",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert not Event.objects.exists()
