from datetime import date
from decimal import Decimal

import pytest

from rantai.five_r.models import Audit, Participation
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


def test_a_participation_keeps_its_first_baseline_and_latest_final(world, five_r):
    participation = Participation.objects.get(program=five_r.program, firm=world.firm_a)

    def audit(phase, score, day, status="submitted"):
        return AuditFactory(
            firm=world.firm_a,
            template=five_r.template,
            program=five_r.program,
            area="Bengkel",
            phase=phase,
            date=date(2022, 9, day),
            status=status,
            overall_score=Decimal(score),
            auditors=[world.user("mentor")],
        )

    def scores():
        participation.refresh_from_db()
        return participation.baseline_score, participation.final_score

    audit("baseline", "40.0", 5)
    audit("baseline", "45.0", 12)  # a second baseline does not replace the first
    assert scores() == (Decimal("40.0"), None)
    first_final = audit("final", "80.0", 25)
    later = audit("final", "90.0", 28)
    assert scores() == (Decimal("40.0"), Decimal("90.0"))
    later.delete()
    assert scores() == (Decimal("40.0"), Decimal("80.0"))
    first_final.status = Audit.Status.DRAFT  # reopened: no longer counts
    first_final.save()
    assert scores() == (Decimal("40.0"), None)
    audit("final", "70.0", 29, status="draft")
    assert scores() == (Decimal("40.0"), None)
