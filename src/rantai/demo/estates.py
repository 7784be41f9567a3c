"""Demo estates: LIK Takaru as the seed facts describe it (Kelurahan Dampyak, Kecamatan Kramat;
54 workshop units — 4 of type A, 4 of type B, 46 of type C — 51 of them used by metal IKM,
including the six partner firms) and a smaller metal sentra in Kebasen, Talang."""

import random
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from rantai.core.dates import month_starts
from rantai.demo.firms import COOPERATIVE_UNIT
from rantai.estates import services
from rantai.estates.models import Application, Estate, Lease, Payment, Unit, UnitType
from rantai.firms.models import Firm

DAMPYAK = "33.28.15.1019"
KEBASEN = "33.28.12.2010"
TYPES = [
    # code, m², VA, water, fee (Rp/month), description
    ("A", 150, 16500, "PDAM 1 inci", 600_000, "Bengkel besar dengan kantor dan gudang"),
    ("B", 100, 10600, "PDAM 3/4 inci", 450_000, "Bengkel sedang dengan gudang kecil"),
    ("C", 72, 5500, "Sumur bor bersama", 300_000, "Bengkel kerja standar"),
]


def _pay(lease: Lease, until: date, rng, skip_last: int = 0) -> None:
    """Monthly payments around the 10th, from the lease's start to ``until``; the last
    ``skip_last`` months unpaid (arrears)."""
    months = month_starts(lease.starts_on, min(until, lease.last_day))
    if skip_last:
        months = months[:-skip_last]
    Payment.objects.bulk_create(
        [
            Payment(
                lease=lease,
                paid_on=min(month + timedelta(days=rng.randint(3, 14)), until),
                amount=lease.monthly_fee,
                reference=f"STS-{month:%y%m}-{lease.pk:03d}",
            )
            for month in months
        ]
    )


def _lease_history(estate, unit, tenant, first_start: date, today: date, rng, fee):
    """Three-year leases from ``first_start``, each renewing the one before, up to today."""
    start, previous, made = first_start, None, []
    while start <= today:
        end = start.replace(day=1) + relativedelta(years=3, days=-1)
        lease = services.lease(
            estate=estate,
            units=[unit],
            tenant=tenant,
            starts_on=start,
            ends_on=end,
            monthly_fee=fee,
            deposit=fee * 2,
            number=f"SPS/{estate.pk}/{unit.code}/{start:%Y}",
            terms="Retribusi dibayar paling lambat tanggal 15 setiap bulan; unit hanya untuk "
            "kegiatan produksi IKM.",
            renews=previous,
            today=today,
        )
        made.append(lease)
        previous, start = lease, end + timedelta(days=1)
    for old in made[:-1]:
        Lease.objects.filter(pk=old.pk).update(status=Lease.Status.ENDED, ended_on=old.ends_on)
    return made


@transaction.atomic
def load(orgs: dict, today: date | None = None) -> Estate | None:
    if Estate.objects.filter(name="LIK Takaru").exists():
        return None
    today = today or timezone.localdate()
    rng = random.Random("lik-takaru")
    estate = Estate.objects.create(
        name="LIK Takaru",
        kind=Estate.Kind.LIK,
        manager=orgs["pemkab"],
        village_id=DAMPYAK,
        address="Jl. Raya Dampyak, Kecamatan Kramat, Kabupaten Tegal",
        latitude=Decimal("-6.858400"),
        longitude=Decimal("109.176600"),
        established=2012,
        area_m2=42000,
        plan_columns=10,
        description="Lingkungan Industri Kecil logam milik Pemerintah Kabupaten Tegal; fasilitas "
        "dibangun dengan Dana Alokasi Khusus (DAK) Kementerian Perindustrian.",
    )
    types = {
        code: UnitType.objects.create(
            estate=estate,
            code=code,
            floor_area_m2=area,
            power_va=va,
            water=water,
            monthly_fee=fee,
            description=text,
        )
        for code, area, va, water, fee, text in TYPES
    }
    codes = [f"A-{n}" for n in range(1, 5)] + [f"B-{n}" for n in range(1, 5)]
    codes += [f"C-{n}" for n in range(1, 47)]
    units = {
        code: Unit.objects.create(
            estate=estate,
            code=code,
            type=types[code[0]],
            plan_order=index,
            vacant_since=date(2013, 1, 1),
        )
        for index, code in enumerate(codes)
    }
    # Each firm in the unit its registry address names (demo.firms): the six partners in the A
    # and B units, 45 more metal IKM in B-3 and the C units; the cooperative's office in B-4.
    partners = set(orgs["partners"])
    for code, tenant in orgs["lik_tenants"].items():
        # The partners were tenants when they signed on 3 October 2022; others came any time.
        last_year = 2021 if tenant in partners else 2023
        start = date(rng.randint(2013, last_year), rng.choice([1, 4, 7, 10]), 1)
        made = _lease_history(
            estate, units[code], tenant, start, today, rng, types[code[0]].monthly_fee
        )
        for lease in made[:-1]:
            Payment.objects.create(
                lease=lease,
                paid_on=lease.ends_on,
                amount=lease.monthly_fee * 36,
                reference=f"LUNAS-{lease.pk:04d}",
            )
        late = 2 if rng.random() < 0.12 else 0
        _pay(made[-1], today, rng, skip_last=late)
    coop = _lease_history(
        estate,
        units[COOPERATIVE_UNIT],
        orgs["tmi"],
        date(2018, 7, 1),
        today,
        rng,
        types["B"].monthly_fee,
    )
    _pay(coop[-1], today, rng)
    # C-45: under maintenance (leaking roof); C-46: left in May, vacant since June.
    Unit.objects.filter(pk=units["C-45"].pk).update(
        status=Unit.Status.MAINTENANCE, note="Atap bocor; perbaikan dijadwalkan DPUPR."
    )
    # C-46: its tenant moved to a bigger workshop outside the estate at the end of the last May
    # before today, after three years.
    left_on = date(today.year if today.month > 5 else today.year - 1, 5, 31)
    past_tenant = (
        Firm.objects.filter(kind=Firm.Kind.IKM, district_id="33.28.15")
        .exclude(village_id=DAMPYAK)
        .order_by("name")
        .first()
    )
    if past_tenant is not None:
        lease = services.lease(
            estate=estate,
            units=[units["C-46"]],
            tenant=past_tenant,
            starts_on=date(left_on.year - 3, 6, 1),
            ends_on=left_on,
            monthly_fee=types["C"].monthly_fee,
            today=date(left_on.year - 3, 6, 1),
        )
        _pay(lease, left_on, rng)
        services.end_lease(lease, on=left_on, reason="Pindah ke bengkel sendiri")
    # The waiting list: three IKM from around Kramat and Talang.
    waiting = list(
        Firm.objects.filter(kind=Firm.Kind.IKM)
        .exclude(village_id=DAMPYAK)
        .exclude(leases__isnull=False)
        .order_by("name")[:3]
    )
    for n, firm in enumerate(waiting):
        Application.objects.create(
            estate=estate,
            firm=firm,
            kbli=firm.kbli.first(),
            wanted_type=types["C"] if n != 1 else None,
            applied_on=today - timedelta(days=400 - 90 * n),
            note="Butuh bengkel untuk mesin bubut dan las." if n == 0 else "",
        )
    return estate


@transaction.atomic
def load_other(orgs: dict, today: date | None = None) -> Estate | None:
    """Sentra IKM Logam Kebasen (Talang): ten workshop units, seven leased."""
    if Estate.objects.filter(name="Sentra IKM Logam Kebasen").exists():
        return None
    today = today or timezone.localdate()
    rng = random.Random("sentra-kebasen")
    estate = Estate.objects.create(
        name="Sentra IKM Logam Kebasen",
        kind=Estate.Kind.SENTRA,
        manager=orgs["pemkab"],
        village_id=KEBASEN,
        address="Desa Kebasen, Kecamatan Talang, Kabupaten Tegal",
        established=2017,
        area_m2=6500,
        plan_columns=5,
        description="Sentra IKM logam (pengecoran dan permesinan) binaan Pemerintah Kabupaten "
        "Tegal.",
    )
    kind = UnitType.objects.create(
        estate=estate,
        code="S",
        floor_area_m2=60,
        power_va=4400,
        water="Sumur bor",
        monthly_fee=200_000,
    )
    units = [
        Unit.objects.create(
            estate=estate, code=f"S-{n}", type=kind, plan_order=n, vacant_since=date(2017, 1, 1)
        )
        for n in range(1, 11)
    ]
    tenants = list(
        Firm.objects.filter(
            kind=Firm.Kind.IKM, district_id__in=["33.28.12", "33.28.11", "33.28.13"]
        )
        .exclude(leases__isnull=False)
        .exclude(applications__isnull=False)
        .order_by("name")[:7]
    )
    for unit, tenant in zip(units, tenants, strict=False):
        start = date(rng.randint(2018, 2024), rng.choice([1, 7]), 1)
        made = _lease_history(estate, unit, tenant, start, today, rng, kind.monthly_fee)
        for lease in made[:-1]:
            Payment.objects.create(
                lease=lease, paid_on=lease.ends_on, amount=lease.monthly_fee * 36, reference="LUNAS"
            )
        _pay(made[-1], today, rng, skip_last=3 if rng.random() < 0.3 else 0)
    return estate
