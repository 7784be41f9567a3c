from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from rantai.estates.models import Asset
from rantai.five_r.models import Audit, Participation
from rantai.matchmaking import services as mm
from rantai.matchmaking.models import Meeting
from rantai.partnerships.models import Partnership
from tests.estates.conftest import make_estate
from tests.factories import (
    AssetFactory,
    AuditFactory,
    DeliveryFactory,
    FirmFactory,
    LeaseFactory,
    OrderFactory,
    OrderLineFactory,
    PartnershipFactory,
    ScoreRecordFactory,
    place,
)
from tests.five_r.conftest import make_program
from tests.matchmaking.conftest import make_event


def make_story(world):
    """Firm A: mentored and improved, at the 2021 event, met the buyer, signed in 2022 and
    scores 90. Firm B: mentored without improving. A Semarang IKM: registered elsewhere."""
    five_r = make_program(world)
    Participation.objects.get_or_create(program=five_r.program, firm=world.firm_b)
    for firm, baseline, final in ((world.firm_a, "40.0", "80.0"), (world.firm_b, "60.0", "55.0")):
        for phase, score, day in (("baseline", baseline, 5), ("final", final, 25)):
            AuditFactory(  # the scores as recorded, without the answers behind them
                firm=firm,
                template=five_r.template,
                program=five_r.program,
                area="Bengkel",
                phase=phase,
                date=date(2022, 9, day),
                status=Audit.Status.SUBMITTED,
                overall_score=Decimal(score),
                auditors=[world.user("mentor")],
            )
    FirmFactory(name="CV Semarang Logam", **place("33.74.16.1002"))
    fair = make_event(world)  # the 2021 event, buyer in Semarang
    request = mm.request_meeting(requester=fair.a, recipient=fair.buyer, interest=3)
    mm.respond(request=request, accept=True)
    mm.run_scheduler(event=fair.event, seconds=2)
    Meeting.objects.update(status=Meeting.Status.HELD)
    deal = PartnershipFactory(  # recorded as active: no signed PDF, no supply link yet
        supplier=world.firm_a,
        buyer=fair.buyer.firm,
        kind=Partnership.Kind.TIER2,
        scope="Bushing",
        estimated_value=None,
        starts_on=None,
        ends_on=None,
        signed_on=date(2022, 10, 3),
        status=Partnership.Status.ACTIVE,
    )
    ScoreRecordFactory(
        scorecard__buyer=fair.buyer.firm,
        supplier=world.firm_a,
        period_start=date(2023, 1, 1),
        score=90,
    )
    return fair, deal, five_r


@pytest.fixture
def story(world):
    told = make_story(world)
    mail.outbox.clear()  # what the story told its people (an audit's corrective actions)
    return told


@pytest.fixture
def cluster(story, world):
    """The funnel's story plus a line due in November 2022 (100 pieces: 60 on time, 50 late of
    which 5 rejected), LIK Takaru with two of its six units let at the end of 2022 and two
    DAK-funded facilities."""
    _fair, deal, _five_r = story
    Partnership.objects.filter(pk=deal.pk).update(tier=2, estimated_value=Decimal(750_000_000))
    order = OrderFactory(partnership=deal, number="PO-22-11", ordered_on=date(2022, 10, 10))
    line = OrderLineFactory(
        order=order, part="Bushing", quantity=100, unit_price=12_500, due_on=date(2022, 11, 10)
    )
    DeliveryFactory(line=line, delivered_on=date(2022, 11, 5), quantity=60)
    DeliveryFactory(
        line=line,
        delivered_on=date(2022, 11, 20),
        quantity=50,
        rejected=5,
        reject_reason="Diameter di luar toleransi",
    )
    site = make_estate(world)
    for tenant, units, starts in (
        (world.firm_a, site.units[:1], date(2021, 3, 1)),
        (world.firm_b, site.units[2:3], date(2022, 6, 1)),
    ):
        LeaseFactory(
            estate=site.estate,
            tenant=tenant,
            units=units,
            starts_on=starts,
            ends_on=date(2026, 2, 28),
            monthly_fee=500_000,
        )
    for name, kind, year, cost in (
        ("Gedung pelatihan", Asset.Kind.HALL, 2013, 1_250_000_000),
        ("Mesin CNC", Asset.Kind.MACHINE, 2016, 800_000_000),
    ):
        AssetFactory(
            estate=site.estate,
            name=name,
            kind=kind,
            funding=Asset.Funding.DAK,
            fiscal_year=year,
            cost=cost,
            bookable=False,
        )
    return site
