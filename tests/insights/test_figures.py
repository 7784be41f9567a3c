from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rantai.estates.models import Asset, Lease
from rantai.insights import figures
from rantai.insights.funnel import Filters
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership
from tests.estates.conftest import make_estate

pytestmark = pytest.mark.django_db

END_2022 = date(2022, 12, 31)


@pytest.fixture
def cluster(story, world):
    """The funnel's story plus a line due in November 2022 (100 pieces: 60 on time, 50 late of
    which 5 rejected), LIK Takaru with two of its six units let at the end of 2022 and two
    DAK-funded facilities."""
    _fair, deal, _five_r = story
    Partnership.objects.filter(pk=deal.pk).update(tier=2, estimated_value=Decimal(750_000_000))
    order = Order.objects.create(partnership=deal, number="PO-22-11", ordered_on=date(2022, 10, 10))
    line = OrderLine.objects.create(
        order=order, part="Bushing", quantity=100, unit_price=12_500, due_on=date(2022, 11, 10)
    )
    Delivery.objects.create(line=line, delivered_on=date(2022, 11, 5), quantity=60)
    Delivery.objects.create(line=line, delivered_on=date(2022, 11, 20), quantity=50, rejected=5)
    site = make_estate(world)
    for tenant, units, starts in (
        (world.firm_a, site.units[:1], date(2021, 3, 1)),
        (world.firm_b, site.units[2:3], date(2022, 6, 1)),
    ):
        lease = Lease.objects.create(
            estate=site.estate,
            tenant=tenant,
            starts_on=starts,
            ends_on=date(2026, 2, 28),
            monthly_fee=500_000,
            status=Lease.Status.ACTIVE,
        )
        lease.units.set(units)
    for name, year, cost in (
        ("Gedung pelatihan", 2013, 1_250_000_000),
        ("Mesin CNC", 2016, 800_000_000),
    ):
        Asset.objects.create(
            estate=site.estate,
            name=name,
            kind="building",
            funding="dak",
            fiscal_year=year,
            cost=cost,
        )
    return site


def test_key_figures_follow_their_definitions(cluster):
    k = figures.key_figures(Filters(region="33.28", year=2022), today=date(2026, 11, 29))
    assert (k.period.first, k.period.last) == (date(2022, 1, 1), END_2022)
    # Firm A gained 40 points, firm B lost 5: (40 − 5) / 2.
    assert k.improvement.average == pytest.approx(17.5) and k.improvement.firms == 2
    assert k.improvement.by_year[0] == (2018, None, 0) and k.improvement.by_year[-1][0] == 2022
    assert k.partnerships.count == 1 and k.partnerships.value == 750_000_000
    assert k.partnerships.by_tier == [(2, 1, 750_000_000)]
    assert k.partnerships.by_year[-1] == (2022, 1, 750_000_000)
    # 60 of the 100 due arrived by the due date; 5 of 110 received were rejected.
    assert k.delivery.on_time == pytest.approx(60.0)
    assert k.delivery.ppm == pytest.approx(5 / 110 * 1_000_000)
    november = dict((m, (o, p)) for m, o, p in k.delivery.by_month)[date(2022, 11, 1)]
    assert november[0] == pytest.approx(60.0)
    assert dict((m, o) for m, o, _p in k.delivery.by_month)[date(2022, 10, 1)] is None
    assert (k.estates.estates, k.estates.units, k.estates.occupied) == (1, 6, 2)
    assert k.estates.by_year[-2] == (2021, 6, 1)  # firm B moved in in June 2022
    assert k.facilities.count == 2 and k.facilities.cost == 2_050_000_000
    assert [(n, c) for _label, n, c in k.facilities.by_funding] == [(2, 2_050_000_000)]


def test_key_figures_count_only_the_firms_in_scope(cluster):
    elsewhere = figures.key_figures(Filters(region="33.74", year=2022), today=date(2026, 11, 29))
    assert elsewhere.partnerships.count == 0 and elsewhere.delivery.on_time is None
    assert elsewhere.improvement.average is None and elsewhere.estates.units == 0
    later = figures.key_figures(Filters(region="33.28", year=2023), today=date(2026, 11, 29))
    assert later.partnerships.count == 0 and later.delivery.due == 0
    assert later.improvement.firms == 0  # the program started in 2022


def test_the_dashboard_shows_the_key_figures(cluster, world, login):
    page = login(world.user("officer")).get(reverse("insights:dashboard"), {"year": 2022})
    assert page.context["figures"].partnerships.count == 1
    html = page.content.decode()
    assert 'data-testid="figure-on-time">60,0%' in html
    assert "Rp 750.000.000" in html and "<svg" in html


def test_the_map_colours_firms_by_stage_or_readiness(cluster, world, login):
    from rantai.insights import geo

    type(world.firm_a).objects.filter(pk__in=[world.firm_a.pk, world.firm_b.pk]).update(
        latitude=Decimal("-6.87"), longitude=Decimal("109.14")
    )
    data = geo.points(Filters(region="33.28", year=2022))
    stage = {f["properties"]["name"]: f["properties"]["category"] for f in data["features"]}
    assert stage == {world.firm_a.name: "performing", world.firm_b.name: "at_event"}
    assert {item["key"]: item["count"] for item in data["legend"]}["performing"] == 1
    readiness = geo.points(Filters(region="33.28"), "readiness")
    levels = {f["properties"]["name"]: f["properties"]["category"] for f in readiness["features"]}
    assert levels == {world.firm_a.name: "madya", world.firm_b.name: "pemula"}  # 80 % vs 55 %
    client = login(world.user("officer"))
    page = client.get(reverse("insights:map"), {"year": 2022})
    assert page.status_code == 200 and page.context["links"] == 0  # no supply links yet
    assert client.get(reverse("insights:map-data"), {"colour": "readiness"}).json()["shown"] == 2
