"""The register, the supply links and the orders as list pages: filters narrow to the exact
rows, a second page holds the rest, a bad filter value is refused with the FilterSet's message
and lists nothing, and nobody sees rows outside his scope."""

from datetime import date, timedelta

import pytest
from django import forms
from django.urls import reverse

from rantai.partnerships import services
from rantai.partnerships.models import Order, Partnership
from rantai.partnerships.views import chain as chain_views
from rantai.reference.models import Region
from tests.factories import DAMPYAK, SLAWI_WETAN, FirmFactory, place, sign_and_activate
from tests.lists import counted, listed, refused

pytestmark = pytest.mark.django_db


def test_the_register_filters_pages_and_stays_in_scope(chain, world, login):
    deals = [
        services.save_partnership(
            Partnership(
                supplier=world.firm_b,
                buyer=chain.other_buyer,
                kind=Partnership.Kind.GENERAL,
                scope=f"Pin {n:02d}",
                signed_on=date(2023, 1, 1) + timedelta(days=n),
            )
        )
        for n in range(26)
    ]
    client = login(world.user("officer"))
    url = reverse("partnerships:list")
    first = client.get(url, {"buyer": chain.other_buyer.pk})
    newest_first = deals[::-1]
    assert counted(first) == 26 and listed(first) == newest_first[:25]
    second = client.get(url, {"buyer": chain.other_buyer.pk, "page": 2})
    assert listed(second) == [deals[0]]
    assert listed(client.get(url, {"q": "Pin 07"})) == [deals[7]]
    assert listed(client.get(url, {"year": 2022})) == [chain.deal]

    bad = client.get(url, {"status": "nonsense"})
    assert bad.status_code == 200 and listed(bad) == []
    message = refused("nonsense", forms.ChoiceField(choices=Partnership.Status.choices))
    assert bad.context["filter"].errors["status"] == [message]
    assert 'data-testid="error-status"' in bad.content.decode()

    # Firm A is party to its own agreement only; firm B's 26 never show, whatever it asks.
    own = login(world.user("firm_a"))
    assert listed(own.get(url)) == [chain.deal]
    assert listed(own.get(url, {"buyer": chain.other_buyer.pk})) == []


def test_the_supply_links_are_listed_in_full_and_the_drawing_says_where_it_stops(
    chain, world, login, monkeypatch
):
    suppliers = [FirmFactory(name=f"UD Pemasok {n:02d}", **place(SLAWI_WETAN)) for n in range(26)]
    for firm in suppliers:
        services.save_link(buyer=chain.other_buyer, supplier=firm, tier=2, commodity="Baut")
    sign_and_activate(chain.deal)  # its link is as private as the agreement
    monkeypatch.setattr(chain_views, "DRAWING_LIMIT", 5)
    client = login(world.user("firm_b"))
    url = reverse("partnerships:network")
    first = client.get(url, {"commodity": "baut"})
    assert counted(first) == 26
    assert [link.supplier for link in listed(first)] == suppliers[:25]
    second = client.get(url, {"commodity": "baut", "page": 2})
    assert [link.supplier for link in listed(second)] == [suppliers[25]]
    assert first.context["drawn"] == 5 and 'data-testid="drawing-limit"' in first.content.decode()
    one = client.get(url, {"commodity": "baut", "region": "33.28.10", "tier": 2})
    assert counted(one) == 26

    bad = client.get(url, {"tier": "dua"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["tier"] == [refused("dua", forms.DecimalField())]
    assert bad.context["drawing"] is None

    # Firm B does not see firm A's agreement, so not its link either.
    everything = client.get(url)
    assert world.firm_a not in {link.supplier for link in everything.context["filter"].qs}
    assert counted(everything) == 27  # its 26 public links and the OEM's


def _orders(partnership, count: int, prefix: str = "PO") -> list[Order]:
    first = date(2024, 1, 1)
    return [
        services.create_order(
            partnership=partnership,
            number=f"{prefix}-{n:02d}",
            ordered_on=first + timedelta(days=n),
            lines=[
                {
                    "part": "Bushing" if n % 2 else "Pin",
                    "quantity": 10,
                    "unit_price": 1,
                    "due_on": first + timedelta(days=n + 7),
                }
            ],
            rescore=False,
        )
        for n in range(count)
    ]


def test_the_orders_filter_page_and_stay_with_their_partnership(chain, world, login):
    sign_and_activate(chain.deal)
    orders = _orders(chain.deal, 26)
    other = services.save_partnership(
        Partnership(
            supplier=world.firm_a,
            buyer=chain.other_buyer,
            kind=Partnership.Kind.GENERAL,
            scope="Pin",
            starts_on=date(2023, 1, 1),
            ends_on=date(2027, 12, 31),
            signed_on=date(2023, 1, 1),
        )
    )
    sign_and_activate(other)
    foreign = _orders(other, 1, prefix="LAIN")
    client = login(world.user("firm_a"))
    url = reverse("partnerships:orders", args=[chain.deal.pk])
    first = client.get(url)
    newest_first = orders[::-1]
    assert counted(first) == 26 and listed(first) == newest_first[:25]
    assert listed(client.get(url, {"page": 2})) == [orders[0]]
    assert listed(client.get(url, {"q": "PO-07"})) == [orders[7]]
    bushings = listed(client.get(url, {"q": "bushing", "year": 2024}))
    assert bushings == [o for o in newest_first if o.number[-1] in "13579"]
    assert f'id="line-{orders[25].lines.get().pk}"' in first.content.decode()

    bad = client.get(url, {"year": "2024x"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["year"] == [refused("2024x", forms.DecimalField())]

    # Another agreement's orders never appear on this one's page, even when asked for.
    assert listed(client.get(url, {"partnership": other.pk})) == []
    assert foreign[0] not in listed(client.get(url, {"q": "LAIN"}))


def test_the_region_filter_carries_only_the_chosen_region_and_still_filters(chain, world, login):
    """The supplier's region was a select of every province, regency and district (7,837
    options, 388 KB of HTML); the picker's page holds the chosen one only and asks the search
    for the rest, while the filter still accepts any of them and refuses anything else."""
    slawi = services.save_partnership(
        Partnership(
            supplier=world.firm_b,
            buyer=chain.other_buyer,
            kind=Partnership.Kind.GENERAL,
            scope="Pin",
        )
    )
    assert Region.objects.filter(level__lte=3).count() == 7837  # the real table, all loaded
    client = login(world.user("officer"))
    url = reverse("partnerships:list")

    page = client.get(url)
    html = page.content.decode()
    assert len(page.content) < 60_000
    assert "Kramat" not in html and 'data-region-picker="true"' in html
    assert 'data-region-max-level="3"' in html

    kramat = client.get(url, {"region": "33.28.15"})
    assert listed(kramat) == [chain.deal]
    assert '<option value="33.28.15" selected>Kramat</option>' in kramat.content.decode()
    assert "Slawi" not in kramat.content.decode()
    assert listed(client.get(url, {"region": "33.28.10"})) == [slawi]
    assert set(listed(client.get(url, {"region": "33.28"}))) == {chain.deal, slawi}

    accepted = forms.ModelChoiceField(queryset=Region.objects.filter(level__lte=3))
    for bad_code in ("99.99", DAMPYAK):  # no such region; a village, deeper than the filter goes
        bad = client.get(url, {"region": bad_code})
        assert bad.status_code == 200 and listed(bad) == []
        assert bad.context["filter"].errors["region"] == [refused(bad_code, accepted)]
        assert 'data-testid="error-region"' in bad.content.decode()


def test_the_region_search_stays_within_the_filters_levels(world, login):
    client = login(world.user("firm_b"))
    search = reverse("region-search")
    everything = client.get(search, {"q": "tegal"}).json()["results"]
    assert {Region.objects.get(pk=r["value"]).level for r in everything} == {2, 3, 4}
    bounded = client.get(search, {"q": "tegal", "max_level": 3}).json()["results"]
    assert {r["value"] for r in bounded} == {
        r.code for r in Region.objects.filter(name__icontains="tegal", level__lte=3)
    }
    assert bounded[0] == {
        "value": "33.28",
        "text": "Kabupaten Tegal, Jawa Tengah",
        "path": ["33", "33.28"],
    }
