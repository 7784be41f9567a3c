import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _heading(response):
    return "Daftar firma" if "Daftar firma" in response.content.decode() else "Firm registry"


def test_indonesian_even_when_the_browser_asks_for_english(world, login):
    response = login(world.user("outsider")).get(
        reverse("firms:list"), headers={"Accept-Language": "en-US,en"}
    )
    assert _heading(response) == "Daftar firma"
    assert response["Content-Language"] == "id"


def test_the_language_switch_and_the_profile_choose_english(world, login, client):
    user = world.user("outsider")
    client = login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/firms/"})
    assert _heading(client.get(reverse("firms:list"))) == "Firm registry"
    user.refresh_from_db()
    assert user.language == "en"  # remembered for the next visit, on any device
    client.cookies.clear()
    client.force_login(user)
    assert _heading(client.get(reverse("firms:list"))) == "Firm registry"
