"""The estates' one permission path: a manager of another estate may add things in general (the
API lets him try) but nothing to this estate, and a refused write writes nothing; the parts of an
estate follow its scope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rantai.accounts.models import Role
from rantai.core.access import can, restrict
from rantai.estates.models import Application, Asset, Booking, Lease, Payment, Unit
from rantai.firms.models import Firm
from tests.factories import (
    AssetFactory,
    EstateFactory,
    FirmFactory,
    LeaseFactory,
    MembershipFactory,
    TokenFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(site, world):
    """The manager of another regency's estate: a manager, but not of LIK Takaru."""
    regency = FirmFactory(kind=Firm.Kind.AGENCY, name="Pemerintah Kabupaten Brebes", nib=None)
    EstateFactory(name="LIK Brebes", manager=regency, village_id=site.estate.village_id)
    user = UserFactory(username="pengelola-brebes")
    MembershipFactory(user=user, organisation=regency, role=Role.ESTATE_MANAGER)
    return user


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=user).key}")
    return client


def test_a_manager_of_another_estate_adds_nothing_to_this_one(site, world, elsewhere):
    hall = AssetFactory(estate=site.estate, name="Gedung", cost=1_000_000, bookable=True)
    lease = LeaseFactory(
        estate=site.estate,
        units=[site.units[2]],
        tenant=world.firm_a,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=700),
        monthly_fee=500_000,
    )
    client = api(elsewhere)
    start = timezone.now() + timedelta(days=3)
    posts = {
        "/api/v1/leases/": {
            "estate": site.estate.pk,
            "units": [site.units[3].pk],
            "tenant": world.firm_b.pk,
            "starts_on": str(timezone.localdate()),
            "ends_on": str(timezone.localdate() + timedelta(days=365)),
            "monthly_fee": "500000",
        },
        "/api/v1/waiting-list/": {
            "estate": site.estate.pk,
            "firm": world.firm_b.pk,
            "applied_on": str(timezone.localdate()),
        },
        "/api/v1/assets/": {
            "estate": site.estate.pk,
            "name": "Pagar",
            "kind": "wall",
            "funding": "apbd2",
            "fiscal_year": 2020,
            "cost": "5000000",
        },
    }
    for url, body in posts.items():
        assert client.post(url, body, format="json").status_code == 403, url
    # He belongs to an organisation, so he may book, but only for it (as every member).
    other_firm = client.post(
        "/api/v1/bookings/",
        {
            "asset": hall.pk,
            "firm": world.firm_b.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "purpose": "Rapat",
        },
        format="json",
    )
    assert other_firm.status_code == 400 and "firm" in other_firm.json()
    # The lease is not his to see: the payment is refused as for an unknown lease.
    paid = client.post(
        "/api/v1/payments/",
        {"lease": lease.pk, "paid_on": str(timezone.localdate()), "amount": 500_000},
        format="json",
    )
    assert paid.status_code == 400
    assert (
        client.patch(f"/api/v1/assets/{hall.pk}/", {"cost": "1"}, format="json").status_code == 403
    )
    assert Lease.objects.count() == 1 and not Payment.objects.exists()
    assert not Application.objects.exists() and not Booking.objects.exists()
    assert list(Asset.objects.values_list("name", "cost")) == [("Gedung", 1_000_000)]
    # His pages of this estate: seen, not managed.
    page = APIClient()
    page.force_login(elsewhere)
    assert page.get(reverse("estates:waiting", args=[site.estate.pk])).status_code == 403
    unit = site.units[3]
    refused = page.post(unit.get_absolute_url(), {"status": Unit.Status.MAINTENANCE})
    assert refused.status_code == 403
    unit.refresh_from_db()
    assert unit.status == Unit.Status.VACANT


def test_the_parts_of_an_estate_follow_its_scope(site, world, elsewhere):
    hall = AssetFactory(estate=site.estate, name="Gedung", bookable=True)
    for user, manages in (
        (site.manager_user, True),
        (elsewhere, False),
        (world.user("admin"), True),
    ):
        assert can(user, "manage", site.estate) is manages
        for model, obj in ((Unit, site.units[0]), (Asset, hall)):
            assert restrict(model.objects.all(), user).filter(pk=obj.pk).exists()
            changed = restrict(model.objects.all(), user, "change").filter(pk=obj.pk).exists()
            assert changed is manages and can(user, "change", obj) is manages
    # Members of a firm book (for their firm); someone of no organisation does not.
    assert can(world.user("firm_b"), "book", site.estate)
    assert not can(UserFactory(username="tamu"), "book", site.estate)
