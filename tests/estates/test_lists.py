"""The estate lists (estates, leases, waiting list, assets, bookings) as list pages: filters
narrow to the exact rows, a second page holds the rest, a bad filter value is refused with the
FilterSet's message and lists nothing, and nobody sees rows outside his scope."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse

from rantai.estates import services
from rantai.estates.models import Application, Asset, Estate
from tests.estates.test_assets import at, book
from tests.factories import (
    ApplicationFactory,
    AssetFactory,
    BookingFactory,
    EstateFactory,
    FirmFactory,
)
from tests.lists import counted, listed, refused

pytestmark = pytest.mark.django_db


def another_estate(world) -> Estate:
    return EstateFactory(name="LIK Lain", manager=world.regency)


def test_the_estates_filter_and_page(site, world, login):
    more = [
        EstateFactory(name=f"Sentra Logam {n:02d}", kind=Estate.Kind.SENTRA, manager=world.regency)
        for n in range(25)
    ]
    client = login(world.user("outsider"))  # an estate is a directory: every signed-in user
    url = reverse("estates:list")
    first = client.get(url)
    assert counted(first) == 26
    assert listed(first) == [site.estate, *more[:24]]  # by name: "LIK…" before "Sentra…"
    second = client.get(url, {"page": 2})
    assert listed(second) == [more[24]]
    assert 'rel="next">Berikutnya' in first.content.decode()  # the pager speaks Indonesian
    assert "Sebelumnya</a>" in second.content.decode()
    assert listed(client.get(url, {"kind": "lik"})) == [site.estate]
    assert listed(client.get(url, {"q": "logam 07"})) == [more[7]]
    bad = client.get(url, {"kind": "kota"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["kind"] == [
        refused("kota", forms.ChoiceField(choices=Estate.Kind.choices))
    ]


def test_the_leases_filter_page_and_stay_in_scope(site, world, login):
    unit = site.units[2]  # C-1
    leases = [
        services.lease(
            estate=site.estate,
            units=[unit],
            tenant=world.firm_a,
            starts_on=date(1990 + n, 1, 1),
            ends_on=date(1990 + n, 12, 31),
            monthly_fee=500_000,
        )
        for n in range(26)
    ]
    services.end_lease(leases[0], on=date(1990, 12, 31))
    other = services.lease(
        estate=site.estate,
        units=[site.units[3]],
        tenant=world.firm_b,
        starts_on=date(2024, 1, 1),
        ends_on=date(2026, 12, 31),
        monthly_fee=500_000,
    )
    manager = login(site.manager_user)
    url = reverse("estates:leases", args=[site.estate.pk])
    active = manager.get(url)  # the active ones, newest first
    assert counted(active) == 26 and listed(active) == [other, *leases[:0:-1][:24]]
    assert listed(manager.get(url, {"page": 2})) == [leases[1]]
    assert listed(manager.get(url, {"status": "ended"})) == [leases[0]]
    assert counted(manager.get(url, {"all": "1"})) == 27
    assert listed(manager.get(url, {"all": "1", "tenant": world.firm_b.pk})) == [other]
    bad = manager.get(url, {"status": "old"})
    assert bad.status_code == 200 and listed(bad) == []
    assert "status" in bad.context["filter"].errors

    # Firm B, a tenant, sees its own lease only, whatever it asks for.
    tenant = login(world.user("firm_b"))
    assert listed(tenant.get(url, {"all": "1"})) == [other]
    assert listed(tenant.get(url, {"all": "1", "tenant": world.firm_a.pk})) == []


def test_the_waiting_list_filters_pages_and_keeps_to_its_estate(site, world, login):
    firms = [FirmFactory(name=f"UD Antre {n:02d}") for n in range(27)]
    applications = [
        ApplicationFactory(estate=site.estate, firm=firm, applied_on=date(2024, 1, 1 + n))
        for n, firm in enumerate(firms)
    ]
    Application.objects.filter(pk=applications[0].pk).update(status=Application.Status.WITHDRAWN)
    elsewhere = ApplicationFactory(
        estate=another_estate(world), firm=world.firm_a, applied_on=date(2024, 1, 1)
    )
    client = login(site.manager_user)
    url = reverse("estates:waiting", args=[site.estate.pk])
    queue = client.get(url)  # waiting or offered, in the order they applied
    assert counted(queue) == 26 and listed(queue) == applications[1:26]
    second = client.get(url, {"page": 2})
    assert listed(second) == [applications[26]]
    assert 'data-testid="application-' in second.content.decode()
    assert ">26</td>" in second.content.decode()  # its place in the queue
    assert listed(client.get(url, {"status": "withdrawn"})) == [applications[0]]
    earlier = client.get(url, {"status": ["leased", "withdrawn"]})
    assert listed(earlier) == [applications[0]]
    bad = client.get(url, {"status": "gone"})
    assert bad.status_code == 200 and listed(bad) == []
    assert "status" in bad.context["filter"].errors
    assert listed(client.get(url, {"estate": elsewhere.estate_id, "status": "waiting"})) == []


def test_the_assets_filter_page_and_keep_to_their_estate(site, world, login):
    halls = [AssetFactory(estate=site.estate, name=f"Gedung {n:02d}") for n in range(25)]
    wall = AssetFactory(
        estate=site.estate,
        name="Pagar keliling",
        kind=Asset.Kind.WALL,
        fiscal_year=2016,
        bookable=False,
    )
    foreign = AssetFactory(estate=another_estate(world), name="Gedung di kawasan lain")
    client = login(world.user("outsider"))
    url = reverse("estates:assets", args=[site.estate.pk])
    first = client.get(url)  # by kind (the walls after the halls), then name
    assert counted(first) == 26 and listed(first) == halls
    assert listed(client.get(url, {"page": 2})) == [wall]
    assert listed(client.get(url, {"kind": "wall"})) == [wall]
    assert listed(client.get(url, {"fiscal_year": 2016, "bookable": "false"})) == [wall]
    bad = client.get(url, {"fiscal_year": "dua ribu"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["fiscal_year"] == [
        refused("dua ribu", forms.DecimalField())
    ]
    assert "<svg" in first.content.decode()  # the funding chart stays
    assert listed(client.get(url, {"estate": foreign.estate_id})) == []


def test_the_booking_calendar_pages_filters_and_keeps_to_its_estate(site, world, login):
    hall = AssetFactory(estate=site.estate)
    press = AssetFactory(estate=site.estate, name="Mesin press", kind=Asset.Kind.MACHINE)
    bookings = [book(hall, world.firm_a, at(n + 1, 9), at(n + 1, 12)) for n in range(26)]
    pressing = book(press, world.firm_b, at(40, 9), at(40, 10), purpose="Press")
    past = BookingFactory(
        asset=hall, firm=world.firm_b, starts_at=at(-3, 9), ends_at=at(-3, 12), purpose="Lalu"
    )
    elsewhere = AssetFactory(estate=another_estate(world), name="Aula kawasan lain")
    foreign = book(elsewhere, world.firm_a, at(2, 13), at(2, 15))
    client = login(world.user("firm_b"))
    url = reverse("estates:bookings", args=[site.estate.pk])
    first = client.get(url)
    assert counted(first) == 27 and listed(first) == bookings[:25]
    assert listed(client.get(url, {"page": 2})) == [bookings[25], pressing]
    assert listed(client.get(url, {"asset": press.pk})) == [pressing]
    assert client.get(url, {"asset": press.pk}).context["chosen"] == press
    bad = client.get(url, {"asset": "aula"})
    assert bad.status_code == 200 and listed(bad) == []
    assert "asset" in bad.context["filter"].errors
    assert 'data-testid="error-asset"' in bad.content.decode()
    shown = {*listed(first), *listed(client.get(url, {"page": 2}))}
    assert past not in shown and foreign not in shown
    assert listed(client.get(url, {"asset": elsewhere.pk})) == []
    # Firm B may cancel its own booking only.
    html = client.get(url, {"page": 2}).content.decode()
    assert f'data-testid="cancel-{pressing.pk}"' in html
    assert f'data-testid="cancel-{bookings[25].pk}"' not in html
