"""The Content-Security-Policy every page carries, and pages that keep to it."""

import pytest
from django.urls import reverse

from rantai.five_r.charts import radar

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https://tile.openstreetmap.org; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def test_every_page_carries_the_policy(client):
    assert client.get(reverse("login"))["Content-Security-Policy"] == POLICY


def test_the_firm_page_has_no_inline_script_and_tells_the_map_what_to_draw(world, login):
    page = login(world.user("officer")).get(reverse("firms:detail", args=[world.firm_a.pk]))
    html = page.content.decode()
    assert "<script>" not in html and " onsubmit=" not in html
    assert 'data-map="point" data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html


def test_charts_drawn_inline_carry_no_script():
    svg = radar(["Seiri", "Seiton"], [("2024", [50, 75])])
    assert svg.startswith("<svg") and "<script" not in svg
