"""The language cookie: Secure in production, never readable by scripts, Lax."""

import importlib.util

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE_SETTINGS = ("LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SAMESITE")


@pytest.fixture
def production(monkeypatch):
    """The cookie settings of rantai/settings.py as production reads them (DEBUG=false)."""
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "test-only")
    monkeypatch.setenv("ALLOWED_HOSTS", "rantai.example.id")
    spec = importlib.util.spec_from_file_location(
        "production_settings", settings.BASE_DIR / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    values = {name: getattr(module, name) for name in COOKIE_SETTINGS}
    assert module.SESSION_COOKIE_SECURE is True
    with override_settings(**values):
        yield values


def assert_hardened(cookie):
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_production_settings_make_the_language_cookie_secure(production):
    assert production == {
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SAMESITE": "Lax",
    }


def test_the_language_switch_sets_a_secure_cookie_in_production(production, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert_hardened(response.cookies["django_language"])


def test_signing_in_and_the_profile_set_the_same_cookie(production, world, client):
    response = client.post(reverse("login"), {"username": "firm_a", "password": PASSWORD})
    assert_hardened(response.cookies["django_language"])
    response = client.post(
        reverse("profile"),
        {
            "first_name": "",
            "last_name": "",
            "email": "a@example.id",
            "language": "en",
            "notify_by": "email",
        },
    )
    assert_hardened(response.cookies["django_language"])


def test_development_keeps_the_cookie_usable_over_http(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert (cookie["secure"], cookie["httponly"]) == ("", True)
