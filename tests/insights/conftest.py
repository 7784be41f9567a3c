from datetime import date
from decimal import Decimal

import pytest

from rantai.estates.models import Asset, Lease
from rantai.partnerships import scorecards
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership, ScoreRecord
from tests.estates.conftest import make_estate
from tests.factories import FirmFactory, place


def make_story(world):
    """Firm A: mentored and improved, at the 2021 event, met the buyer, signed in 2022 and
    scores 90. Firm B: mentored without improving. A Semarang IKM: registered elsewhere."""
    from rantai.five_r.models import Audit, Participation
    from rantai.matchmaking import services as mm
    from rantai.matchmaking.models import Meeting
    from tests.five_r.conftest import make_program
    from tests.matchmaking.conftest import make_event

    five_r = make_program(world)
    Participation.objects.get_or_create(program=five_r.program, firm=world.firm_b)
    for firm, baseline, final in ((world.firm_a, "40.0", "80.0"), (world.firm_b, "60.0", "55.0")):
        for phase, score, day in (("baseline", baseline, 5), ("final", final, 25)):
            Audit.objects.create(
                firm=firm,
                template=five_r.template,
                program=five_r.program,
                area="Bengkel",
                phase=phase,
                date=date(2022, 9, day),
                status="submitted",
                overall_score=Decimal(score),
            )
    FirmFactory(name="CV Semarang Logam", **place("33.74.16.1002"))
    fair = make_event(world)  # the 2021 event, buyer in Semarang
    request = mm.request_meeting(requester=fair.a, recipient=fair.buyer, interest=3)
    mm.respond(request=request, accept=True)
    mm.run_scheduler(event=fair.event, seconds=2)
    Meeting.objects.update(status=Meeting.Status.HELD)
    deal = Partnership.objects.create(
        supplier=world.firm_a,
        buyer=fair.buyer.firm,
        kind="tier2_supply",
        scope="Bushing",
        status="active",
        signed_on=date(2022, 10, 3),
    )
    card = scorecards.scorecard_for(fair.buyer.firm)
    ScoreRecord.objects.create(
        scorecard=card, supplier=world.firm_a, period_start=date(2023, 1, 1), score=90
    )
    return fair, deal, five_r


@pytest.fixture
def story(world):
    return make_story(world)


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
