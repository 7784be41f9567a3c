"""Sign-in lockouts (django-axes): five wrong passwords lock a username from one address."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from rantai.accounts.throttling import client_ip, lockout_message
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_EN = (
    "Too many failed sign-ins. Try again in 15 minutes or ask an administrator to unlock "
    "your account."
)


def locked_message(language):
    """The lockout message as the catalogue of ``language`` has it (English until translated)."""
    with translation.override(language):
        return lockout_message()


def sign_in(client, password, **extra):
    return client.post(reverse("login"), {"username": "firm_a", "password": password}, **extra)


def get_token(client, password, **extra):
    return client.post(reverse("api-token"), {"username": "firm_a", "password": password}, **extra)


def test_thirty_wrong_passwords_lock_the_login_page_even_for_the_right_one(world, client):
    for _ in range(30):
        sign_in(client, "salah")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert locked_message("id") in page
    assert '<html lang="id">' in page and "Kode wilayah: Kepmendagri" in page  # the site's page
    assert client.get(reverse("home")).context["user"].is_anonymous  # still signed out


def test_the_lockout_page_speaks_english_when_asked(world, client):
    client.cookies["django_language"] = "en"
    for _ in range(5):
        sign_in(client, "salah")
    response = sign_in(client, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429 and LOCKED_EN in page and "Region codes:" in page


def test_thirty_wrong_passwords_lock_the_api_token_endpoint_even_for_the_right_one(world, client):
    for _ in range(30):
        assert get_token(client, "salah").status_code in {400, 429}
    response = get_token(client, PASSWORD)
    assert response.status_code == 429
    assert response.json() == {"detail": locked_message("id")}
    assert not Token.objects.filter(user=world.user("firm_a")).exists()


def test_the_token_endpoint_gives_the_token_for_the_right_password(world, client):
    response = get_token(client, PASSWORD)
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=world.user("firm_a")).key}


def test_the_fifth_failure_locks_and_a_right_password_before_it_resets_the_count(world, client):
    for _ in range(4):
        sign_in(client, "salah")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert sign_in(client, "salah").status_code == 200
    assert sign_in(client, "salah").status_code == 429
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lock_holds_one_username_from_one_address(world, client):
    for _ in range(5):
        sign_in(client, "salah")
    assert sign_in(client, PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "firm_b", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(world, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            sign_in(client, "salah")
        clock.shift(dt.timedelta(minutes=14))
        assert sign_in(client, PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert sign_in(client, PASSWORD).status_code == 302


def test_an_administrator_sees_and_clears_the_lock_in_the_admin(world, client, login):
    for _ in range(5):
        sign_in(client, "salah")
    attempt = AccessAttempt.objects.get(username="firm_a")
    admin = login(world.user("admin"))
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "firm_a" in changelist.content.decode()
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    admin.logout()
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (1, None, "127.0.0.1"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    ],
)
def test_the_client_address_trusts_only_the_proxies_configured(proxies, forwarded, expected):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **extra)
    with override_settings(NUM_PROXIES=proxies):
        assert client_ip(request) == expected
