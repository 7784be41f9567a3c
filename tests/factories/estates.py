"""Industrial estates: the estate, its unit types and units, leases, the waiting list and the
facilities. Leases and facilities are made by the services, which keep the units' status in
step with their leases and check a facility's estate and bookings."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.estates import assets, services
from rantai.estates.models import Application, Asset, Booking, Estate, Lease, Unit, UnitType
from tests.factories.firms import FirmFactory
from tests.factories.reference import DAMPYAK


class EstateFactory(DjangoModelFactory):
    """A small-industry estate (LIK) in Kramat run by the Tegal regency."""

    class Meta:
        model = Estate

    name = factory.Sequence(lambda n: f"LIK Logam Tegal {n + 1}")
    manager = factory.SubFactory(FirmFactory, agency=True)
    village_id = DAMPYAK


class UnitTypeFactory(DjangoModelFactory):
    """A 100 m² workshop with 7,700 VA at Rp 500.000 a month."""

    class Meta:
        model = UnitType

    estate = factory.SubFactory(EstateFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    floor_area_m2 = Decimal(100)
    power_va = 7700
    monthly_fee = Decimal(500_000)


class UnitFactory(DjangoModelFactory):
    """A vacant workshop unit, empty since 2020."""

    class Meta:
        model = Unit

    estate = factory.SubFactory(EstateFactory)
    type = factory.SubFactory(UnitTypeFactory, estate=factory.SelfAttribute("..estate"))
    code = factory.Sequence(lambda n: f"C-{n + 1}")
    plan_order = factory.Sequence(lambda n: n)
    vacant_since = date(2020, 1, 1)


class LeaseFactory(DjangoModelFactory):
    """A five-year lease of one unit from 2024, made by ``services.lease`` (``units=[...]``;
    by default a new unit of the estate)."""

    class Meta:
        model = Lease

    estate = factory.SubFactory(EstateFactory)
    tenant = factory.SubFactory(FirmFactory)
    units = factory.LazyAttribute(lambda lease: [UnitFactory(estate=lease.estate)])
    starts_on = date(2024, 1, 1)
    ends_on = date(2028, 12, 31)
    monthly_fee = Decimal(500_000)

    @classmethod
    def _create(cls, model_class, **terms):
        return services.lease(**terms)


class ApplicationFactory(DjangoModelFactory):
    """A metalworking IKM (KBLI 25920) on the waiting list since February 2024."""

    class Meta:
        model = Application

    estate = factory.SubFactory(EstateFactory)
    firm = factory.SubFactory(FirmFactory)
    kbli_id = "25920"
    applied_on = date(2024, 2, 1)


class AssetFactory(DjangoModelFactory):
    """A meeting hall built with DAK funds in 2017 that firms may book; saved by
    ``assets.save_asset``."""

    class Meta:
        model = Asset

    estate = factory.SubFactory(EstateFactory)
    name = "Gedung pertemuan"
    kind = Asset.Kind.HALL
    funding = Asset.Funding.DAK
    fiscal_year = 2017
    cost = Decimal(1_985_000_000)
    bookable = True

    @classmethod
    def _create(cls, model_class, *args, **fields):
        return assets.save_asset(model_class(*args, **fields))


class BookingFactory(DjangoModelFactory):
    """A confirmed three-hour booking of a hall by a firm from this time tomorrow, stored as
    given: a booking in the past, or one the booking rules would refuse (``assets.book`` makes
    the ones a user makes)."""

    class Meta:
        model = Booking

    asset = factory.SubFactory(AssetFactory)
    firm = factory.SubFactory(FirmFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda booking: booking.starts_at + timedelta(hours=3))
    purpose = "Temu bisnis"
