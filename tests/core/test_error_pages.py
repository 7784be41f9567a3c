"""Rantai's own error pages, in the visitor's language, never Django's."""

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from rantai.firms.models import Firm

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

PAGES = {
    400: (
        "/test/400/",
        "Bad request",
        "Rantai could not understand this request. Go back and try again.",
    ),
    403: ("/test/403/", "You may not do this", "Back to the overview"),
    404: ("/no-such-page/", "Page not found", "Back to the overview"),
    500: (
        "/test/500/",
        "Server error",
        "Something went wrong on our side and the team has been told. Please try again in a "
        "moment.",
    ),
}
SITE = {"id": "Kode wilayah: Kepmendagri", "en": "Region codes: Kepmendagri"}  # base layout footer


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("status", PAGES)
@pytest.mark.parametrize("language", ["id", "en"])
def test_each_error_page_is_rantais_in_the_visitors_language(status, language):
    client = Client(raise_request_exception=False)
    if language == "en":
        client.cookies["django_language"] = "en"
    path, heading, text = PAGES[status]
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in page and "Rantai" in page
    assert in_language(language, heading) in page and in_language(language, text) in page
    assert "Traceback" not in page and "django" not in page.lower()
    if status != 500:  # the 500 page stands alone
        assert SITE[language] in page


def test_indonesian_is_the_default_on_error_pages():
    client = Client(raise_request_exception=False)
    assert "Halaman tidak ditemukan" in client.get("/no-such-page/").content.decode()
    assert "Tidak diizinkan" in client.get("/test/403/").content.decode()
    assert "Galat server" in client.get("/test/500/").content.decode()


def test_the_500_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("id"):
        page = loader.get_template("500.html").render()
    assert '<html lang="id">' in page and "Galat server · Rantai" in page


@pytest.mark.urls("rantai.urls")
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_refused_csrf_token_is_rantais_own_page_and_saves_nothing(language, world):
    """A form sent without its token (opened too long ago, or forged) meets Rantai's page in the
    visitor's language, says nothing was saved, and nothing is."""

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world.user("officer"))
    if language == "en":
        client.cookies["django_language"] = "en"
    before = Firm.objects.count()
    response = client.post("/firms/new/", {"name": "Forged"})
    page = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in page and "Rantai" in page
    assert in_language(language, "The form has expired") in page
    assert "CSRF cookie" not in page and "djangoproject" not in page
    assert Firm.objects.count() == before
