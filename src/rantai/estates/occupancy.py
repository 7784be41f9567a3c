"""Occupancy and arrears, computed from leases and payments (no snapshots to keep in step).

- A unit is occupied on a day when an active or past lease covers that day (from its start to
  its end, or to the day it was ended early).
- Occupancy = occupied units ÷ all units of the estate, on that day.
- By sector: the tenant's main KBLI; "metal IKM" are tenants with a KBLI in divisions 24, 25, 28,
  29, 30 or 33 (basic metals, fabricated metal products, machinery, vehicles and their parts,
  repair and installation of machinery).
- Arrears of a lease on a day: the fees of the months begun by then (from the lease's start
  month to its last month) less all payments; payments pay the oldest months first, so the
  months in arrears are the latest unpaid ones.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from rantai.core.dates import month_end, month_starts, months_between
from rantai.estates.models import Lease, Unit

METAL_DIVISIONS = ("24", "25", "28", "29", "30", "33")


def covering(estate, day: date):
    """Leases of ``estate`` that cover ``day``."""
    return Lease.objects.filter(estate=estate, starts_on__lte=day).filter(
        Q(ended_on__isnull=True, ends_on__gte=day) | Q(ended_on__gte=day)
    )


@dataclass
class Occupancy:
    day: date
    units: int
    occupied: int
    metal: int  # occupied by metal IKM
    by_type: dict  # type code -> (units, occupied)
    by_sector: list  # (label, units occupied), largest first

    @property
    def rate(self) -> float | None:
        return 100 * self.occupied / self.units if self.units else None

    @property
    def metal_rate(self) -> float | None:
        return 100 * self.metal / self.units if self.units else None


def _is_metal(codes) -> bool:
    return any(code[:2] in METAL_DIVISIONS for code in codes)


def on(estate, day: date | None = None) -> Occupancy:
    day = day or timezone.localdate()
    units = list(Unit.objects.filter(estate=estate).select_related("type"))
    leases = (
        covering(estate, day).select_related("tenant").prefetch_related("units", "tenant__kbli")
    )
    tenant_of: dict[int, object] = {}
    for lease in leases:
        for unit in lease.units.all():
            tenant_of[unit.pk] = lease.tenant
    by_type: dict[str, list[int]] = {}
    sectors: Counter = Counter()
    metal = 0
    for unit in units:
        entry = by_type.setdefault(unit.type.code, [0, 0])
        entry[0] += 1
        tenant = tenant_of.get(unit.pk)
        if tenant is None:
            continue
        entry[1] += 1
        codes = [k.code for k in tenant.kbli.all()]
        if _is_metal(codes):
            metal += 1
        sectors[_sector_label(tenant)] += 1
    return Occupancy(
        day=day,
        units=len(units),
        occupied=len(tenant_of),
        metal=metal,
        by_type={code: tuple(v) for code, v in sorted(by_type.items())},
        by_sector=sectors.most_common(),
    )


def _sector_label(tenant) -> str:
    kbli = sorted(tenant.kbli.all(), key=lambda k: k.code)
    return f"{kbli[0].code} {kbli[0].title}" if kbli else "—"


def month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from ``first``'s to ``last``'s; ``last`` for its own month."""
    return [min(month_end(start), last) for start in month_starts(first, last)]


def series(estate, first: date, last: date) -> list[tuple[date, int, int]]:
    """(month end, units, occupied units) for each month from ``first`` to ``last``: one query
    for the leases, the counting in Python over their periods."""
    total = Unit.objects.filter(estate=estate).count()
    spans = list(
        Lease.objects.filter(estate=estate, starts_on__lte=last).values_list(
            "starts_on", "ends_on", "ended_on", "units"
        )
    )
    out = []
    for day in month_ends(first, last):
        occupied = {
            unit for start, end, ended, unit in spans if start <= day <= (ended or end) and unit
        }
        out.append((day, total, len(occupied)))
    return out


def vacancies(estate, day: date | None = None) -> list[tuple[Unit, int | None]]:
    """Vacant units with how many days they have been vacant (None when unknown)."""
    day = day or timezone.localdate()
    return [
        (unit, (day - unit.vacant_since).days if unit.vacant_since else None)
        for unit in Unit.objects.filter(estate=estate, status=Unit.Status.VACANT)
        .select_related("type")
        .order_by("vacant_since", "code")
    ]


@dataclass
class Arrears:
    due: Decimal  # fees of the months begun so far
    paid: Decimal
    months_due: int

    @property
    def owed(self) -> Decimal:
        return max(Decimal(0), self.due - self.paid)

    @property
    def credit(self) -> Decimal:
        return max(Decimal(0), self.paid - self.due)

    def months_behind(self, fee: Decimal) -> int:
        return int(-(-self.owed // fee)) if fee else 0


def months_begun(lease: Lease, day: date) -> int:
    """Months of the lease begun by ``day``: the start month counts in full."""
    last = min(day, lease.last_day)
    if last < lease.starts_on:
        return 0
    return months_between(lease.starts_on, last) + 1


def arrears(lease: Lease, day: date | None = None) -> Arrears:
    day = day or timezone.localdate()
    months = months_begun(lease, day)
    paid = lease.payments.filter(paid_on__lte=day).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return Arrears(due=lease.monthly_fee * months, paid=paid, months_due=months)


def owing(leases, day: date | None = None) -> list[tuple[Lease, Decimal]]:
    """The leases of ``leases`` that owe money on ``day``, with what each owes: ``arrears`` for
    many leases in one query (the payments summed by the database)."""
    day = day or timezone.localdate()
    paid = Coalesce(
        Sum("payments__amount", filter=Q(payments__paid_on__lte=day)),
        Value(Decimal(0)),
        output_field=DecimalField(),
    )
    found = []
    for lease in leases.annotate(paid_so_far=paid):
        owed = lease.monthly_fee * months_begun(lease, day) - lease.paid_so_far
        if owed > 0:
            found.append((lease, owed))
    return found
