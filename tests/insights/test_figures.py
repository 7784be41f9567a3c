from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rantai.insights import figures, geo
from rantai.insights.funnel import Filters

pytestmark = pytest.mark.django_db

END_2022 = date(2022, 12, 31)


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


@pytest.mark.parametrize(
    ("year", "today", "first", "months"),
    [
        (None, date(2024, 1, 31), date(2023, 2, 1), 12),  # the twelve months to today
        (None, date(2024, 2, 29), date(2023, 3, 1), 12),
        (None, date(2023, 12, 31), date(2023, 1, 1), 12),
        (2024, date(2024, 2, 29), date(2024, 1, 1), 2),  # this year: January to today
    ],
)
def test_the_period_and_its_months(year, today, first, months):
    period = figures.period_of(Filters(year=year), today)
    assert (period.first, period.last, len(period.months)) == (first, today, months)
    assert (period.months[0], period.months[-1]) == (first, today.replace(day=1))
    assert len(set(period.months)) == months and all(m.day == 1 for m in period.months)
