from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from rantai.firms.models import Certification, Firm
from tests.factories import CertificationFactory, CooperativeMembershipFactory, FirmFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("workforce", "investment", "size"),
    [
        (19, 999_999_999, "small"),  # at most 19 workers, under Rp 1 billion
        (19, 1_000_000_000, "medium"),  # at most 19 workers, Rp 1–15 billion
        (5, 15_000_000_000, "medium"),
        (20, 500_000_000, "medium"),  # 20+ workers, up to Rp 15 billion
        (20, 15_000_000_000, "medium"),
        (20, 15_000_000_001, "large"),  # 20+ workers, above Rp 15 billion
        (5, 20_000_000_000, "large"),  # not in the regulation: investment decides (docs)
        (None, 500_000_000, ""),
        (10, None, ""),
    ],
)
def test_industry_size_follows_permenperin_64_2016(workforce, investment, size):
    firm = FirmFactory(workforce=workforce, investment=investment)
    firm.refresh_from_db()
    assert firm.industry_size == size


def test_industry_size_follows_updates():
    firm = FirmFactory(workforce=10, investment=200_000_000)
    Firm.objects.filter(pk=firm.pk).update(workforce=40, investment=20_000_000_000)
    firm.refresh_from_db()
    assert firm.industry_size == "large"


def test_certification_expiry():
    today = timezone.localdate()
    expired = CertificationFactory(expires_on=today - timedelta(days=1))
    valid = CertificationFactory(expires_on=today)
    open_ended = CertificationFactory(expires_on=None)
    assert expired.is_expired and not valid.is_expired and not open_ended.is_expired
    assert set(Certification.objects.valid_on(today)) == {valid, open_ended}


def test_a_certificate_cannot_expire_before_it_is_issued():
    with pytest.raises(IntegrityError):
        CertificationFactory(issued_on=date(2024, 1, 1), expires_on=date(2023, 1, 1))


def test_a_cooperative_is_not_its_own_member():
    cooperative = FirmFactory(kind=Firm.Kind.COOPERATIVE, nib=None)
    with pytest.raises(IntegrityError):
        CooperativeMembershipFactory(firm=cooperative, cooperative=cooperative)


def test_soft_delete_hides_the_firm_and_restore_brings_it_back():
    firm = FirmFactory()
    firm.soft_delete()
    assert not Firm.objects.alive().filter(pk=firm.pk).exists()
    assert Firm.objects.deleted().filter(pk=firm.pk).exists()
    firm.restore()
    assert Firm.objects.alive().filter(pk=firm.pk).exists()
