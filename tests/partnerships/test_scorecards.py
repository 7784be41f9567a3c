from datetime import date
from decimal import Decimal
from importlib import import_module

import numpy as np
import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rantai.five_r import checklists
from rantai.inbox.models import Notification
from rantai.partnerships import performance, scorecards, services
from rantai.partnerships.forms import BandForm
from rantai.partnerships.models import BandAlert, Partnership, Scorecard, ScoreRecord
from tests.factories import AuditFactory, sign_and_activate

pytestmark = pytest.mark.django_db
TODAY = date(2023, 3, 31)


def order(deal, number, lines, ordered_on=date(2023, 1, 2)):
    return services.create_order(
        partnership=deal,
        number=number,
        ordered_on=ordered_on,
        lines=[
            {"part": part, "quantity": qty, "unit_price": Decimal("12500"), "due_on": due}
            for part, qty, due in lines
        ],
        rescore=False,
    )


def deliver(line, day, qty, rejected=0):
    return services.add_delivery(
        line=line,
        delivered_on=day,
        quantity=qty,
        rejected=rejected,
        reject_reason="Diameter di luar toleransi" if rejected else "",
        today=TODAY,
        rescore=False,
    )


@pytest.mark.parametrize(
    ("day", "kind", "index", "first", "last"),
    [
        (date(2024, 1, 31), "month", 648, date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 2, 29), "month", 649, date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 28), "month", 637, date(2023, 2, 1), date(2023, 2, 28)),
        (date(2024, 12, 31), "month", 659, date(2024, 12, 1), date(2024, 12, 31)),
        (date(2024, 2, 29), "quarter", 216, date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 12, 31), "quarter", 219, date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_periods_count_months_or_quarters_from_1970(day, kind, index, first, last):
    assert performance.period_index(day, kind) == index
    day_number = (day - performance.EPOCH).days  # as the database hands days to numpy
    assert performance.period_of_days(np.array([day_number]), kind).tolist() == [index]
    assert performance.period_start(index, kind) == first
    assert performance.period_end(index, kind) == last


@pytest.fixture
def active(chain):
    sign_and_activate(chain.deal)
    return Partnership.objects.get(pk=chain.deal.pk)


def test_measures_per_month_from_the_database(active, world):
    jan = order(
        active, "PO-1", [("Bushing", 100, date(2023, 1, 20)), ("Pin", 50, date(2023, 1, 31))]
    )
    bushing, pin = jan.lines.order_by("pk")
    deliver(bushing, date(2023, 1, 18), 60)
    deliver(bushing, date(2023, 1, 25), 40, rejected=2)  # 5 days late
    deliver(pin, date(2023, 2, 3), 50)  # 3 days late, received in February
    rows = {r.period_start: r.values for r in performance.table(Partnership.objects.all())}
    january, february = rows[date(2023, 1, 1)], rows[date(2023, 2, 1)]
    assert january["on_time"] == pytest.approx(60 / 150 * 100)
    assert january["fill_rate"] == 100.0
    assert january["lateness"] == pytest.approx((40 * 5 + 50 * 3) / 150)
    assert january["ppm"] == pytest.approx(2 / 100 * 1e6)
    assert february["on_time"] is None and february["ppm"] == 0.0
    quarters = performance.table(Partnership.objects.all(), "quarter")
    assert [(r.period_start, r.values["due"]) for r in quarters] == [(date(2023, 1, 1), 150.0)]


@translation.override("en")
def test_scorecard_scores_bands_and_alerts_when_a_supplier_falls(active, chain, world):
    card = scorecards.scorecard_for(chain.buyer)
    assert sum(c.weight for c in card.criteria.all()) == 100
    jan = order(active, "PO-1", [("Bushing", 100, date(2023, 1, 20))])
    deliver(jan.lines.get(), date(2023, 1, 20), 100)  # perfect January
    feb = order(active, "PO-2", [("Bushing", 100, date(2023, 2, 20))], date(2023, 2, 1))
    deliver(feb.lines.get(), date(2023, 2, 24), 90, rejected=9)  # late, short, 10 % rejected
    assert scorecards.compute(card, as_of=TODAY) == 2
    records = {r.period_start: r for r in ScoreRecord.objects.filter(scorecard=card)}
    january, february = records[date(2023, 1, 1)], records[date(2023, 2, 1)]
    # January: on time 100, PPM 0, fill 100, lateness 0; no SOP audit → re-weighted over 90.
    assert january.score == Decimal("100.0") and january.band.name == "Excellent"
    # February: on-time 0 → 0 pts, PPM 100,000 → 0, fill 90 % → 50, lateness 4 days → 60.
    # (15·50 + 5·60) / 90 = 11.7
    assert february.score == Decimal("11.7") and february.band.name == "Very poor"
    assert february.measures["ppm"] == pytest.approx(100_000)
    alert = BandAlert.objects.get()
    assert (alert.previous_band.name, alert.band.name) == ("Excellent", "Very poor")
    assert set(mail.outbox[0].to) == {world.user("firm_a").email, chain.buyer_user.email}
    told = Notification.objects.filter(kind="band_drop")
    assert set(told.values_list("recipient", flat=True)) == {
        world.user("firm_a").pk,
        chain.buyer_user.pk,
    }
    supplier_page = f"/kemitraan/scorecards/{chain.buyer.pk}/suppliers/{world.firm_a.pk}/"
    assert told.first().url == supplier_page
    # Recomputing changes nothing and sends nothing new.
    scorecards.compute(card, as_of=TODAY)
    assert BandAlert.objects.count() == 1 and len(mail.outbox) == 1


def test_sop_audit_feeds_the_sop_criterion(active, chain, world):
    template = checklists.load_default()
    card = scorecards.scorecard_for(chain.buyer)
    card.sop_template = template
    card.save()
    jan = order(active, "PO-1", [("Bushing", 100, date(2023, 1, 20))])
    deliver(jan.lines.get(), date(2023, 1, 20), 100)
    AuditFactory(  # every item at 2 of 4: 50 %
        firm=world.firm_a,
        template=template,
        area="SOP",
        phase="interim",
        date=date(2023, 1, 10),
        auditors=[chain.buyer_user],
        submitted=True,
        submit__score=2,
    )
    scorecards.compute(card, as_of=TODAY)
    record = ScoreRecord.objects.get()
    assert record.measures["sop"] == 50.0
    # 90 points from the deliveries criteria at 100, SOP at 50 % → 0 points: 9000/100 = 90.0
    assert record.score == Decimal("90.0")


def test_orders_need_a_signed_agreement_and_deliveries_sane_dates(chain):
    with pytest.raises(ValidationError) as refused:
        order(chain.deal, "PO-1", [("Bushing", 100, date(2023, 1, 20))])
    assert refused.value.code == "not_signed"
    sign_and_activate(chain.deal)
    po = order(chain.deal, "PO-1", [("Bushing", 100, date(2023, 1, 20))])
    with pytest.raises(ValidationError):
        deliver(po.lines.get(), date(2023, 4, 2), 10)  # after "today"
    with pytest.raises(ValidationError):
        deliver(po.lines.get(), date(2022, 12, 30), 10)  # before the order
    with pytest.raises(ValidationError):
        services.add_delivery(
            line=po.lines.get(), delivered_on=date(2023, 1, 5), quantity=5, rejected=6, today=TODAY
        )
    with pytest.raises(ValidationError):
        order(chain.deal, "PO-1", [("Pin", 1, date(2023, 1, 20))])  # number taken
    with pytest.raises(ValidationError):
        order(chain.deal, "PO-2", [("Pin", 1, date(2022, 12, 1))])  # due before ordered
    assert chain.deal.orders.count() == 1


def test_default_bands_and_title_are_in_the_readers_language(chain, login):
    with translation.override("id"):  # made by a reader in Indonesian
        card = scorecards.scorecard_for(chain.buyer)
    client = login(chain.buyer_user)
    url = reverse("partnerships:scorecard", args=[chain.buyer.pk])
    buyer = chain.buyer.name
    for language, said, not_said in (
        ("en", [f"Supplier scorecard of {buyer}", ">Excellent<", ">Poor<"], ["Sangat baik"]),
        ("id", [f"Kartu skor pemasok {buyer}", ">Sangat baik<", ">Kurang<"], ["Excellent"]),
    ):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        html = client.get(url).content.decode()
        assert all(text in html for text in said), language
        assert not any(text in html for text in not_said), language
    assert "Supplier scorecard of" not in html and "Preferred supplier" not in html
    # Renamed by the buyer, a band keeps the buyer's words in every language.
    band = card.bands.get(code="excellent")
    form = BandForm(
        {"name": "Juara", "min_score": "85", "colour": "success", "meaning": ""}, instance=band
    )
    form.save()
    band.refresh_from_db()
    assert (band.code, band.label) == ("", "Juara")


def test_the_migration_names_the_stored_defaults_by_code(chain):
    with translation.override("id"):
        card = scorecards.scorecard_for(chain.buyer)
    card.bands.update(code="")  # as they were stored before
    Scorecard.objects.filter(pk=card.pk).update(name=f"Kartu skor pemasok {chain.buyer.name}")
    migration = import_module(
        "rantai.partnerships.migrations.0005_default_bands_named_in_the_readers_language"
    )
    migration.name_defaults(django_apps, None)
    card.refresh_from_db()
    assert card.name == ""
    assert list(card.bands.values_list("code", flat=True)) == [
        "excellent",
        "average",
        "poor",
        "very_poor",
    ]
