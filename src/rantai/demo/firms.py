"""Organisations, firms, capabilities and people of the demo."""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from rantai.accounts.models import Membership, Role, User
from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    Machine,
    ToleranceClass,
)
from rantai.reference.models import Region

DEMO_PASSWORD = "rantai-demo"
DAMPYAK = "33.28.15.1019"  # LIK Takaru, Kelurahan Dampyak, Kecamatan Kramat
LIK_TAKARU = (-6.8688, 109.1668)
LIK_ADDRESS = "Lingkungan Industri Kecil (LIK) Takaru, Jl. Raya Dampyak"
# The LIK Takaru units the demo's tenants lease (demo.estates): the six partners in the A and B
# units, the cooperative's office in B-4, the other metal IKM of the estate in B-3 and C-1…C-44.
PARTNER_UNITS = ["A-1", "A-2", "A-3", "A-4", "B-1", "B-2"]
COOPERATIVE_UNIT = "B-4"
LIK_IKM = 45


def lik_unit(index: int) -> str:
    """The unit of the ``index``-th other metal IKM of LIK Takaru."""
    return "B-3" if index == 0 else f"C-{index}"


def lik_address(unit: str) -> str:
    return f"{LIK_ADDRESS}, Unit {unit}"


# Approximate centres of the kecamatan where Tegal's metal workshops cluster.
DISTRICT_CENTRES = {
    "33.28.12": (-6.9270, 109.1390),  # Talang
    "33.28.11": (-6.9370, 109.1200),  # Adiwerna
    "33.28.13": (-6.9020, 109.1130),  # Dukuhturi
    "33.28.15": (-6.8830, 109.1900),  # Kramat
    "33.28.10": (-6.9850, 109.1370),  # Slawi
    "33.28.14": (-6.9230, 109.1790),  # Tarub
}


@dataclass
class Org:
    key: str
    kind: str
    name: str
    village: str
    address: str
    coords: tuple[float, float]
    description: str = ""
    workforce: int | None = None
    investment: int | None = None
    kbli: tuple[str, ...] = ()
    year: int | None = None


ORGANISATIONS = [
    Org(
        "ikma",
        Firm.Kind.AGENCY,
        "Direktorat Jenderal Industri Kecil, Menengah dan Aneka (Kementerian Perindustrian)",
        "31.74.02.1008",
        "Jl. Jend. Gatot Subroto Kav. 52-53",
        (-6.2325, 106.8300),
        "Direktorat IKM Logam, Mesin, Elektronika dan Alat Angkut membina IKM logam, "
        "termasuk pendampingan 5R dan temu bisnis.",
    ),
    Org(
        "pemkab",
        Firm.Kind.AGENCY,
        "Pemerintah Kabupaten Tegal",
        "33.28.10.1008",
        "Jl. Dr. Soetomo No. 1, Slawi",
        (-6.9810, 109.1400),
        "Sekretariat Daerah, Asisten Perekonomian dan Pembangunan; pengelola LIK Takaru.",
    ),
    Org(
        "tmi",
        Firm.Kind.COOPERATIVE,
        "Koperasi Tegal Manufaktur Indonesia (TMI)",
        DAMPYAK,
        lik_address(COOPERATIVE_UNIT),
        LIK_TAKARU,
        "Koperasi IKM logam di LIK Takaru; bermitra dengan YDBA sehingga anggotanya masuk rantai "
        "pasok komponen otomotif grup Astra sebagai pemasok tier-2.",
        year=2018,
    ),
    Org(
        "ydba",
        Firm.Kind.FOUNDATION,
        "Yayasan Dharma Bhakti Astra (YDBA)",
        "31.72.02.1002",
        "Jl. Gaya Motor Raya No. 8, Sunter II",
        (-6.1420, 106.8830),
        "Yayasan grup Astra yang membina UMKM agar menjadi pemasok industri otomotif.",
        year=1980,
    ),
    Org(
        "astra",
        Firm.Kind.LARGE,
        "PT Astra International Tbk",
        "31.72.02.1002",
        "Jl. Gaya Motor Raya No. 8, Sunter II",
        (-6.1410, 106.8840),
        "Grup otomotif terbesar di Indonesia.",
        190000,
        60_000_000_000_000,
        ("29101",),
        1957,
    ),
    Org(
        "aop",
        Firm.Kind.LARGE,
        "PT Astra Otoparts Tbk",
        "31.72.02.1002",
        "Jl. Raya Pegangsaan Dua Km 2,2",
        (-6.1550, 106.9080),
        "Produsen komponen otomotif grup Astra; pemasok tier-1.",
        30000,
        9_000_000_000_000,
        ("29300",),
        1976,
    ),
    Org(
        "jpo",
        Firm.Kind.LARGE,
        "PT Jateng Presisi Otomotif",
        "33.74.16.1002",
        "Kawasan Industri Wijayakusuma, Jl. Raya Semarang-Kendal Km 12",
        (-6.9710, 110.3430),
        "Industri besar komponen kendaraan di Jawa Tengah (fiktif).",
        850,
        210_000_000_000,
        ("29300",),
        1996,
    ),
    Org(
        "mku",
        Firm.Kind.LARGE,
        "PT Mitra Komponen Ungaran",
        "33.22.13.1009",
        "Jl. Soekarno-Hatta Km 28, Bergas",
        (-7.1890, 110.4010),
        "Industri besar suku cadang sepeda motor di Jawa Tengah (fiktif).",
        420,
        95_000_000_000,
        ("30912",),
        2003,
    ),
]

# The six IKM of LIK Takaru that signed partnerships on 3 October 2022.
PARTNER_IKM = [
    (
        "PT Sinergi Mandiri Teknikatama",
        28,
        4_200_000_000,
        ("25920", "29300"),
        ["cnc-turning", "cnc-milling", "drilling", "hardening"],
        ToleranceClass.PRECISION,
    ),
    (
        "PT Ejitama Internusa Persada Tegal",
        22,
        2_800_000_000,
        ("25920", "25910"),
        ["stamping", "bending", "spot-welding", "die-making"],
        ToleranceClass.FINE,
    ),
    (
        "PT Putra Tunggal Manufaktur Tegal",
        19,
        1_600_000_000,
        ("25910", "29300"),
        ["stamping", "deep-drawing", "electroplating"],
        ToleranceClass.FINE,
    ),
    (
        "PT Bimuda Karya Teknik Tegal",
        17,
        900_000_000,
        ("25920",),
        ["turning", "milling", "mig-welding", "jigs-fixtures"],
        ToleranceClass.MEDIUM,
    ),
    (
        "PT Putra Bungsu Tegal",
        14,
        750_000_000,
        ("24310", "25920"),
        ["sand-casting", "turning", "spray-painting"],
        ToleranceClass.MEDIUM,
    ),
    (
        "PT Karya Paduyasa Tegal",
        24,
        2_100_000_000,
        ("25920", "30912"),
        ["cnc-turning", "grinding", "powder-coating", "mechanical-assembly"],
        ToleranceClass.FINE,
    ),
]

PARTNER_DESCRIPTION = (
    "Pemasok tier-2 komponen otomotif grup Astra melalui Koperasi TMI dan YDBA; "
    "mitra industri besar Jawa Tengah sejak 3 Oktober 2022."
)
NAME_PREFIX = ["CV", "CV", "CV", "UD", "UD", "PT"]
NAME_WORDS = [
    "Logam",
    "Jaya",
    "Teknik",
    "Mandiri",
    "Presisi",
    "Karya",
    "Baja",
    "Sinar",
    "Maju",
    "Abadi",
    "Putra",
    "Mulya",
    "Sejahtera",
    "Sentosa",
    "Makmur",
    "Bersama",
    "Utama",
    "Indah",
    "Agung",
    "Perkasa",
    "Cahaya",
    "Berkah",
    "Dinamika",
    "Kencana",
    "Mekar",
    "Rejeki",
    "Tunggal",
    "Bina",
]
NAME_PLACE = [
    "Talang",
    "Adiwerna",
    "Dukuhturi",
    "Kramat",
    "Slawi",
    "Tarub",
    "Kebasen",
    "Tegal",
    "Pesarean",
    "Dampyak",
    "Takaru",
    "Pagiyanten",
]
PROFILES = [  # (KBLI codes, processes) of typical Tegal metal workshops
    (("25920",), ["turning", "milling", "drilling"]),
    (("25920", "29300"), ["cnc-turning", "drilling", "mig-welding"]),
    (("25910",), ["stamping", "bending", "shearing"]),
    (("24310",), ["sand-casting", "turning"]),
    (("25111",), ["structural-steel", "smaw-welding", "plasma-cutting"]),
    (("25992",), ["deep-drawing", "polishing", "spot-welding"]),
    (("28210",), ["sheet-metal", "mig-welding", "mechanical-assembly"]),
    (("30912",), ["cnc-turning", "stamping", "electroplating"]),
    (("25920",), ["electroplating", "polishing"]),
    (("25931",), ["forging", "grinding", "hardening"]),
]
MACHINES = {
    "turning": ("Mesin bubut konvensional", "Ø 360 × 1.000 mm"),
    "cnc-turning": ("Mesin bubut CNC", "Ø 250 mm"),
    "milling": ("Mesin frais", "meja 1.200 × 300 mm"),
    "cnc-milling": ("Machining center CNC", "850 × 500 × 500 mm"),
    "stamping": ("Mesin press", "80 ton"),
    "deep-drawing": ("Mesin press hidrolik", "150 ton"),
    "sand-casting": ("Tungku induksi", "500 kg/heat"),
    "mig-welding": ("Mesin las MIG", "350 A"),
    "smaw-welding": ("Mesin las listrik", "200 A"),
    "electroplating": ("Bak elektroplating", "1.200 liter"),
    "grinding": ("Mesin gerinda permukaan", "600 × 300 mm"),
    "forging": ("Palu tempa pneumatik", "75 kg"),
}
BRANDS = ["Krisbow", "Mori Seiki", "Amada", "Aida", "Yamazaki", "Takisawa", "Lincoln", "Miyachi"]
ISSUERS = [
    "PT SUCOFINDO (Persero)",
    "TÜV NORD Indonesia",
    "PT TÜV Rheinland Indonesia",
    "Balai Besar Bahan dan Barang Teknik (B4T)",
]


def _nib(rng: random.Random) -> str:
    return "9120" + "".join(rng.choice("0123456789") for _ in range(9))


def _npwp(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(15))


def _firm(**fields) -> Firm:
    """Create or update by name, so loading the demo twice changes nothing."""
    kbli = fields.pop("kbli", ())
    firm, _created = Firm.objects.update_or_create(name=fields["name"], defaults=fields)
    firm.kbli.set(kbli)
    return firm


def _add_capabilities(firm, processes, tolerance, rng) -> None:
    materials = [
        "carbon-steel",
        "alloy-steel",
        "stainless-steel",
        "aluminium",
        "cast-iron",
        "brass",
    ]
    for index, code in enumerate(processes):
        capability, created = Capability.objects.get_or_create(
            firm=firm,
            process_id=code,
            defaults={"tolerance": tolerance, "in_house": index < 3 or rng.random() < 0.5},
        )
        if created:
            capability.materials.set(rng.sample(materials, 2))
        if code in MACHINES and not firm.machines.filter(process_id=code).exists():
            name, capacity = MACHINES[code]
            Machine.objects.create(
                firm=firm,
                process_id=code,
                name=name,
                capacity=capacity,
                count=rng.randint(1, 6),
                brand=rng.choice(BRANDS),
                year_made=rng.randint(1998, 2021),
            )


def _contacts(firm, rng) -> None:
    if firm.contacts.exists():
        return
    Contact.objects.create(
        firm=firm,
        position="Direktur",
        is_primary=True,
        phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
    )
    Contact.objects.create(
        firm=firm, position="Kepala Produksi", phone=f"0857{rng.randint(10_000_000, 99_999_999)}"
    )


def _certify(firm, rng, *, iatf=False) -> None:
    if firm.certifications.exists():
        return
    # The IATF-certified partner renewed its ISO 9001 recently; the others' may have lapsed.
    issued = date(2025, 3, 1) if iatf else date(rng.randint(2018, 2022), rng.randint(1, 12), 1)
    Certification.objects.create(
        firm=firm,
        scheme=Certification.Scheme.ISO_9001,
        title="ISO 9001:2015",
        number=f"QMS/{issued.year}/{rng.randint(1000, 9999)}",
        issuer=rng.choice(ISSUERS),
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3),
    )
    if iatf:
        Certification.objects.create(
            firm=firm,
            scheme=Certification.Scheme.IATF_16949,
            title="IATF 16949:2016",
            number=f"IATF/{rng.randint(100000, 999999)}",
            issuer="TÜV NORD Indonesia",
            issued_on=date(2024, 3, 1),
            expires_on=date(2027, 2, 28),
        )


@transaction.atomic
def load(*, extra_ikm: int = 60, seed: int = 2022) -> dict[str, Firm]:
    # Every firm draws from its own seeded generator, so a second run makes the same choices
    # whatever the database already holds.
    orgs: dict[str, Firm] = {}
    for org in ORGANISATIONS:
        rng = random.Random(f"{seed}-{org.key}")
        orgs[org.key] = _firm(
            kind=org.kind,
            name=org.name,
            street_address=org.address,
            description=org.description,
            latitude=org.coords[0],
            longitude=org.coords[1],
            workforce=org.workforce,
            investment=org.investment,
            year_founded=org.year,
            kbli=org.kbli,
            nib=None if org.kind in (Firm.Kind.AGENCY, Firm.Kind.FOUNDATION) else _nib(rng),
            **Region.fields_of(org.village),
        )

    tmi = orgs["tmi"]
    partners = []
    for index, (name, workforce, investment, kbli, processes, tolerance) in enumerate(PARTNER_IKM):
        rng = random.Random(f"{seed}-partner-{index}")
        firm = _firm(
            kind=Firm.Kind.IKM,
            name=name,
            nib=_nib(rng),
            npwp=_npwp(rng),
            kbli=kbli,
            street_address=lik_address(PARTNER_UNITS[index]),
            postal_code="52181",
            latitude=LIK_TAKARU[0] + rng.uniform(-0.0012, 0.0012),
            longitude=LIK_TAKARU[1] + rng.uniform(-0.0012, 0.0012),
            workforce=workforce,
            investment=investment,
            annual_sales=investment * 2,
            year_founded=rng.randint(2005, 2016),
            annual_capacity=rng.randint(60, 400) * 1000,
            capacity_unit=Firm.CapacityUnit.PIECE,
            description=PARTNER_DESCRIPTION,
            **Region.fields_of(DAMPYAK),
        )
        _add_capabilities(firm, processes, tolerance, rng)
        _contacts(firm, rng)
        _certify(firm, rng, iatf=index == 0)
        CooperativeMembership.objects.get_or_create(
            firm=firm,
            cooperative=tmi,
            defaults={
                "member_number": f"TMI-{index + 1:03d}",
                "joined_on": date(2019, 1 + index, 15),
            },
        )
        partners.append(firm)
    orgs["partners"] = partners
    orgs["lik_tenants"] = dict(zip(PARTNER_UNITS, partners, strict=True))

    villages = {
        code: list(Region.objects.filter(parent_id=code).values_list("code", flat=True))
        for code in DISTRICT_CENTRES
    }
    names = random.Random(f"{seed}-names")
    used_names: set[str] = set()
    for index in range(extra_ikm):
        rng = random.Random(f"{seed}-ikm-{index}")
        name = ""
        while not name or name in used_names:
            words = names.sample(NAME_WORDS, 2)
            name = f"{names.choice(NAME_PREFIX)} {words[0]} {words[1]} {names.choice(NAME_PLACE)}"
        used_names.add(name)
        district = rng.choice(list(DISTRICT_CENTRES))
        in_lik = index < LIK_IKM  # with the six partners: 51 of LIK Takaru's 54 units, metal IKM
        village = DAMPYAK if in_lik else rng.choice(villages[district])
        centre = LIK_TAKARU if in_lik else DISTRICT_CENTRES[district]
        spread = 0.0015 if in_lik else 0.02
        kbli, processes = rng.choice(PROFILES)
        workforce = rng.choice([4, 6, 8, 9, 12, 15, 18, 23, 35])
        investment = rng.choice([150, 300, 450, 800, 1200, 2500, 6000]) * 1_000_000
        firm = _firm(
            kind=Firm.Kind.IKM,
            name=name,
            nib=_nib(rng),
            npwp=_npwp(rng),
            kbli=kbli,
            street_address=(
                lik_address(lik_unit(index))
                if in_lik
                else f"Jl. Raya {NAME_PLACE[index % len(NAME_PLACE)]} No. {rng.randint(1, 120)}"
            ),
            latitude=centre[0] + rng.uniform(-spread, spread),
            longitude=centre[1] + rng.uniform(-spread, spread),
            workforce=workforce,
            investment=investment,
            annual_sales=int(investment * rng.uniform(1.2, 3.5)) // 1_000_000 * 1_000_000,
            year_founded=rng.randint(1985, 2020),
            annual_capacity=rng.randint(5, 200) * 1000,
            capacity_unit=Firm.CapacityUnit.PIECE,
            **Region.fields_of(village),
        )
        tolerance = rng.choice(
            [
                ToleranceClass.COARSE,
                ToleranceClass.MEDIUM,
                ToleranceClass.MEDIUM,
                ToleranceClass.FINE,
            ]
        )
        if in_lik:
            orgs["lik_tenants"][lik_unit(index)] = firm
        _add_capabilities(firm, processes, tolerance, rng)
        _contacts(firm, rng)
        if rng.random() < 0.25:
            _certify(firm, rng)
        if in_lik or rng.random() < 0.3:
            CooperativeMembership.objects.get_or_create(
                firm=firm,
                cooperative=tmi,
                defaults={
                    "member_number": f"TMI-{index + 7:03d}",
                    "joined_on": date(rng.randint(2018, 2023), rng.randint(1, 12), 1),
                },
            )
    return orgs


@dataclass
class DemoUser:
    username: str
    position: str
    org: str  # key in the organisations loaded above, or "partner:N"
    role: str | None
    region: str | None = None
    can_manage: bool = False
    superuser: bool = False


USERS = [
    DemoUser("admin", "Administrator Rantai", "ikma", None, superuser=True),
    DemoUser("petugas.ikma", "Petugas Program Ditjen IKMA", "ikma", Role.OFFICER, can_manage=True),
    DemoUser(
        "petugas.tegal",
        "Petugas Program Kabupaten Tegal",
        "pemkab",
        Role.OFFICER,
        "33.28",
        can_manage=True,
    ),
    DemoUser("pendamping", "Pendamping 5R", "ikma", Role.MENTOR),
    DemoUser("pengelola.lik", "Pengelola LIK Takaru", "pemkab", Role.ESTATE_MANAGER),
    DemoUser("koperasi.tmi", "Ketua Koperasi TMI", "tmi", Role.COOP_MANAGER, can_manage=True),
    DemoUser("pembeli.astra", "Bagian Pembelian PT Astra Otoparts", "aop", Role.BUYER),
    DemoUser("pembeli.jpo", "Bagian Pembelian PT Jateng Presisi Otomotif", "jpo", Role.BUYER),
    DemoUser("pembeli.mku", "Bagian Pembelian PT Mitra Komponen Ungaran", "mku", Role.BUYER),
    DemoUser(
        "sinergi",
        "Direktur PT Sinergi Mandiri Teknikatama",
        "partner:0",
        Role.OWNER,
        can_manage=True,
    ),
    DemoUser(
        "ejitama",
        "Direktur PT Ejitama Internusa Persada Tegal",
        "partner:1",
        Role.OWNER,
        can_manage=True,
    ),
]


def load_users(orgs: dict) -> list[DemoUser]:
    for spec in USERS:
        first, _, last = spec.position.partition(" ")
        user, _created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{spec.username}@rantai.local",
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        org = (
            orgs["partners"][int(spec.org[8:])]
            if spec.org.startswith("partner:")
            else orgs[spec.org]
        )
        if spec.role:
            Membership.objects.update_or_create(
                user=user,
                organisation=org,
                role=spec.role,
                defaults={
                    "region_id": spec.region,
                    "can_manage": spec.can_manage,
                    "is_active": True,
                },
            )
    return USERS
