from datetime import date
from decimal import Decimal

import pytest

from rantai.partnerships import scorecards
from rantai.partnerships.models import Partnership, ScoreRecord
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
