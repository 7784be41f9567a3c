"""The API's throttles: per account, per address, and stricter at the token endpoint."""

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Throttle rates for one test (DRF reads them once, into the class, at import)."""

    def _set(**scopes):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", scopes)

    return _set


def test_a_signed_in_client_over_its_rate_gets_429_with_retry_after(world, login, rates):
    rates(user="3/min", anon="1000/min")
    client = login(world.user("officer"))
    statuses = [client.get(reverse("firm-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("firm-list"))
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    # another account is counted apart
    assert login(world.user("firm_a")).get(reverse("firm-list")).status_code == 200


def test_an_anonymous_client_is_counted_by_address(world, client, rates):
    rates(anon="2/min", user="1000/min")
    statuses = [client.get(reverse("api-schema")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(reverse("api-schema"), REMOTE_ADDR="10.9.8.7").status_code == 200


def test_the_token_endpoint_has_its_own_stricter_rate(world, client, rates):
    rates(token="2/min", anon="1000/min", user="1000/min")
    ask = [
        client.post(reverse("api-token"), {"username": name, "password": PASSWORD})
        for name in ("firm_a", "firm_b", "officer")
    ]
    assert [r.status_code for r in ask] == [200, 200, 429]
    assert "token" not in ask[2].json() and int(ask[2]["Retry-After"]) > 0


def test_the_schema_documents_429(world, login):
    schema = login(world.user("officer")).get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/firms/"]["get"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
