import factory
from factory.django import DjangoModelFactory

from rantai.accounts.models import Membership, Role, User
from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    RawMaterial,
)

DAMPYAK = "33.28.15.1019"  # Kramat, Kabupaten Tegal
SLAWI_WETAN = "33.28.10.1010"  # Slawi, Kabupaten Tegal
SUNTER_JAYA = "31.72.02.1002"  # Tanjung Priok, Jakarta Utara


def place(village: str) -> dict:
    parts = village.split(".")
    return {
        "province_id": parts[0],
        "regency_id": ".".join(parts[:2]),
        "district_id": ".".join(parts[:3]),
        "village_id": village,
    }


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    password = factory.django.Password("secret-pass-123")


class FirmFactory(DjangoModelFactory):
    class Meta:
        model = Firm
        skip_postgeneration_save = True

    kind = Firm.Kind.IKM
    name = factory.Sequence(lambda n: f"CV Logam Uji {n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")
    npwp = factory.Sequence(lambda n: f"{10000000000000 + n:015d}")
    province_id = "33"
    regency_id = "33.28"
    district_id = "33.28.15"
    village_id = DAMPYAK
    workforce = 12
    investment = 500_000_000
    latitude = -6.868
    longitude = 109.167


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(FirmFactory)
    role = Role.OWNER


class CapabilityFactory(DjangoModelFactory):
    class Meta:
        model = Capability

    firm = factory.SubFactory(FirmFactory)
    process_id = "cnc-turning"


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification

    firm = factory.SubFactory(FirmFactory)
    scheme = Certification.Scheme.ISO_9001
    issuer = "PT SUCOFINDO (Persero)"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    firm = factory.SubFactory(FirmFactory)
    position = "Direktur"
    phone = "081234567890"


class CooperativeMembershipFactory(DjangoModelFactory):
    class Meta:
        model = CooperativeMembership

    firm = factory.SubFactory(FirmFactory)
    cooperative = factory.SubFactory(FirmFactory, kind=Firm.Kind.COOPERATIVE, nib=None)


class IndustryYearFactory(DjangoModelFactory):
    class Meta:
        model = IndustryYear

    firm = factory.SubFactory(FirmFactory)
    year = 2024
    investment = 650_000_000
    product = "Komponen bubut otomotif"
    installed_capacity = 120_000
    capacity_unit = Firm.CapacityUnit.PIECE
    production = 90_000
    production_value = 1_080_000_000
    workers_male = 10
    workers_female = 2
    electricity_kwh = 24_000


class RawMaterialFactory(DjangoModelFactory):
    class Meta:
        model = RawMaterial

    year = factory.SubFactory(IndustryYearFactory)
    name = "Plat baja SPCC 1,2 mm"
    quantity = 12_000
    unit = RawMaterial.Unit.KG
    value = 180_000_000
