"""Every page of the access matrix, for each persona, on a 360-px phone: none is wider than the
screen. A wide board (the meeting grid, a long table) scrolls inside its own box instead; a page
allowed to be wider would be listed in ``WIDER``, with its reason (none is)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.test_access_matrix import MATRIX, setup_objects

PHONE = {"width": 360, "height": 740}
WIDER: dict[str, str] = {}  # URL name → why it may be wider than a phone


def _pages(world, objects, user) -> list[tuple[str, str]]:
    """The (name, URL) of each full HTML page the matrix lets ``user`` open."""
    client = Client()
    if user is not None:
        client.force_login(user)
    pages = []
    for name, kwargs, method, expected in MATRIX:
        persona = user.username if user is not None else "anonymous"
        if method != "get" or expected[persona] != 200 or name in WIDER:
            continue
        url = reverse(name, kwargs=kwargs(world, objects))
        response = client.get(url)
        if "text/html" in response.get("Content-Type", "") and b"<html" in response.content:
            pages.append((name, url))
    return pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_is_wider_than_a_phone(as_user, live_server, world, page, persona):
    objects = setup_objects(world)
    user = world.user(persona)
    pages = _pages(world, objects, user)
    assert len(pages) >= 3
    page.set_viewport_size(PHONE)
    if user is not None:
        as_user(user)
    wide = {}
    for name, url in pages:
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    assert wide == {}
