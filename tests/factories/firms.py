"""The registry: firms of every kind and what they have (capabilities, machines, certificates,
contacts, cooperative memberships, annual industry data)."""

import factory
from factory.django import DjangoModelFactory

from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    Machine,
    RawMaterial,
)
from tests.factories.reference import DAMPYAK


def _organisation(kind: str, name: str) -> factory.Trait:
    """Organisations that are not industries: no NIB, no workforce or investment figures."""
    return factory.Trait(
        kind=kind,
        name=factory.Sequence(lambda n: f"{name} {n}"),
        nib=None,
        workforce=None,
        investment=None,
    )


class FirmFactory(DjangoModelFactory):
    """An IKM in Kramat, Kabupaten Tegal; ``large``, ``cooperative`` and ``agency`` give the
    other kinds of organisation."""

    class Meta:
        model = Firm
        skip_postgeneration_save = True

    class Params:
        large = factory.Trait(
            kind=Firm.Kind.LARGE,
            name=factory.Sequence(lambda n: f"PT Komponen Presisi Jateng {n}"),
            workforce=320,
            investment=42_500_000_000,
        )
        cooperative = _organisation(Firm.Kind.COOPERATIVE, "Koperasi Industri Logam Tegal")
        agency = _organisation(Firm.Kind.AGENCY, "Dinas Perindustrian Kabupaten Tegal")

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

    @factory.post_generation
    def kbli(firm, create, extracted, **kwargs):
        """``kbli=["25920"]``: the firm's KBLI codes."""
        if create and extracted:
            firm.kbli.set(extracted)


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


class MachineFactory(DjangoModelFactory):
    class Meta:
        model = Machine

    firm = factory.SubFactory(FirmFactory)
    name = "Mesin bubut CNC"
    process_id = "cnc-turning"
    count = 1


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
