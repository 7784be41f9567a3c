from datetime import date, timedelta

import pytest
from django.utils import timezone

from rantai.five_r import readiness
from rantai.five_r.models import Audit
from tests.factories import AuditFactory, CertificationFactory

pytestmark = pytest.mark.django_db


def _final(world, five_r, score, low_codes=()):
    return AuditFactory(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai",
        phase=Audit.Phase.FINAL,
        program=five_r.program,
        date=date(2022, 9, 30),
        auditors=[world.user("mentor")],
        submitted=True,
        submit__score=score,
        submit__low_codes=low_codes,
    )


def test_no_final_audit_means_the_first_level(world, five_r):
    result = readiness.assess_firm(world.firm_a)
    assert result.level.code == "pemula"
    assert [c.rule for c in result.missing_for_next] == ["overall", "each_section"]


def test_a_good_final_audit_reaches_madya_and_names_what_mandiri_needs(world, five_r):
    audit = _final(world, five_r, score=4, low_codes=("RK1",))  # one open action, overdue by now
    result = readiness.assess_firm(world.firm_a)
    assert result.final_audit == audit and result.level.code == "madya"
    assert sorted(c.rule for c in result.missing_for_next) == ["certification", "overdue_actions"]


def test_closing_actions_and_a_valid_certificate_reach_mandiri(world, five_r):
    audit = _final(world, five_r, score=4, low_codes=("RK1",))
    audit.actions.update(status="done")
    CertificationFactory(
        firm=world.firm_a, scheme="iso9001", expires_on=timezone.localdate() + timedelta(days=30)
    )
    assert readiness.assess_firm(world.firm_a).level.code == "mandiri"
    # An expired certificate does not count.
    world.firm_a.certifications.update(expires_on=timezone.localdate() - timedelta(days=1))
    assert readiness.assess_firm(world.firm_a).level.code == "madya"


def test_the_firm_page_explains_the_level(world, five_r, login):
    _final(world, five_r, score=3)  # 75 %: madya, not mandiri
    page = login(world.user("firm_a")).get(f"/5r/firms/{world.firm_a.pk}/").content.decode()
    assert 'data-testid="readiness-level">Madya' in page
    assert "audit akhir minimal 80,0\u00a0% (saat ini 75,0\u00a0%)" in page


def test_many_firms_at_once_get_the_same_levels_as_one_by_one(world, five_r):
    audit = _final(world, five_r, score=4, low_codes=("RK1",))  # firm A: madya
    ids = [world.firm_a.pk, world.firm_b.pk]
    expected = {pk: readiness.assess_firm(type(world.firm_a).objects.get(pk=pk)) for pk in ids}
    many = readiness.assess_many(ids)
    assert many == {pk: r.assessment.level for pk, r in expected.items()}
    assert expected[world.firm_a.pk].level.code == "madya"
    audit.actions.update(status="done")
    CertificationFactory(
        firm=world.firm_a, scheme="iso9001", expires_on=timezone.localdate() + timedelta(days=30)
    )
    levels = [level.code for level in readiness.ReadinessLevel.objects.all()]
    assert levels[readiness.assess_many(ids)[world.firm_a.pk]] == "mandiri"
