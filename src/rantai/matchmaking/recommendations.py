"""From the registry to the matching engine and back: suppliers as arrays, needs as engine needs,
and rankings as rows with their score parts."""

import math
from dataclasses import dataclass

import numpy as np
from django.db.models import Avg
from django.utils import timezone

from rantai.engines import matching
from rantai.firms.models import Capability, Certification, Firm
from rantai.five_r.readiness import assess_firm
from rantai.matchmaking.models import Need, Registration
from rantai.reference.models import Material, Process

SCHEMES = [value for value, _label in Certification.Scheme.choices]


def _process_rows() -> dict[str, int]:
    return {
        code: row
        for row, code in enumerate(
            Process.objects.filter(parent__isnull=False)
            .order_by("sort_order")
            .values_list("pk", flat=True)
        )
    }


def _material_bits() -> dict[str, int]:
    return {
        code: bit
        for bit, code in enumerate(
            Material.objects.order_by("sort_order").values_list("pk", flat=True)
        )
    }


def supplier_arrays(firms: list[Firm], readiness: bool = True) -> matching.Suppliers:
    """Engine arrays for ``firms`` (loaded with a few queries, whatever their number)."""
    rows, bits = _process_rows(), _material_bits()
    position = {firm.pk: i for i, firm in enumerate(firms)}
    data = matching.empty(len(firms), len(rows))
    for i, firm in enumerate(firms):
        data.ids[i] = firm.pk
        data.capacity[i] = (
            firm.annual_capacity
            if firm.annual_capacity
            and firm.capacity_unit in (Firm.CapacityUnit.PIECE, Firm.CapacityUnit.SET, "")
            else math.nan
        )
        data.lat[i] = float(firm.latitude) if firm.latitude is not None else math.nan
        data.lon[i] = float(firm.longitude) if firm.longitude is not None else math.nan
    capabilities = Capability.objects.filter(firm_id__in=position).values_list(
        "firm_id", "process_id", "tolerance", "in_house", "materials"
    )
    for firm_id, process, tolerance, in_house, material in capabilities:
        i, row = position[firm_id], rows.get(process)
        if row is not None:
            data.capability[row, i] = tolerance + (matching.IN_HOUSE if in_house else 0)
        if material in bits:
            data.materials[i] |= np.uint32(1 << bits[material])
    today = timezone.localdate()
    for firm_id, scheme in (
        Certification.objects.filter(firm_id__in=position)
        .valid_on(today)
        .values_list("firm_id", "scheme")
    ):
        data.certifications[position[firm_id]] |= np.uint32(1 << SCHEMES.index(scheme))
    if readiness:
        for firm in firms:
            result = assess_firm(firm)
            data.levels = max(1, len(result.levels))
            data.readiness[position[firm.pk]] = (
                result.assessment.level if result.final_audit else -1
            )
    return data


def engine_need(need: Need) -> matching.Need:
    rows, bits = _process_rows(), _material_bits()
    point = None
    if need.delivery_region_id:
        region = need.delivery_region_id
        field = "regency_id" if region.count(".") == 1 else "province_id"
        centre = Firm.objects.filter(**{field: region}, latitude__isnull=False).aggregate(
            lat=Avg("latitude"), lon=Avg("longitude")
        )
        if centre["lat"] is not None:
            point = (float(centre["lat"]), float(centre["lon"]))
    buyer = need.registration.firm
    if point is None and buyer.latitude is not None:
        point = (float(buyer.latitude), float(buyer.longitude))
    mask = 0
    for scheme in need.certifications or []:
        if scheme in SCHEMES:
            mask |= 1 << SCHEMES.index(scheme)
    volume = (
        need.volume_per_month * 12
        if need.volume_per_month and need.unit != Need.Unit.TONNE
        else None
    )
    return matching.Need(
        processes=tuple(rows[p.pk] for p in need.processes.all() if p.pk in rows),
        tolerance=need.tolerance,
        material=bits.get(need.material_id),
        annual_volume=volume,
        certifications=mask,
        certification_required=need.certification_required,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
    )


@dataclass
class Recommendation:
    registration: Registration
    score: float
    parts: dict[str, float]


def for_need(need: Need, k: int = 20) -> list[Recommendation]:
    """The event's approved suppliers that fit ``need`` best, with their score parts."""
    suppliers = list(
        need.event.registrations.filter(
            role=Registration.Role.SUPPLIER, status=Registration.Status.APPROVED
        )
        .exclude(exclusions__other=need.registration)
        .select_related("firm")
    )
    if not suppliers or not need.processes.exists():
        return []
    data = supplier_arrays([r.firm for r in suppliers])
    ranking = matching.recommend(data, engine_need(need), k=k)
    by_firm = {r.firm_id: r for r in suppliers}
    return [
        Recommendation(
            by_firm[int(firm_id)],
            round(float(score), 1),
            {name: round(float(values[i]), 1) for name, values in ranking.parts.items()},
        )
        for i, (firm_id, score) in enumerate(zip(ranking.ids, ranking.scores, strict=True))
    ]


READINESS_LIMIT = 300  # above this many candidates, 5R readiness stays neutral (it costs queries)


@dataclass
class RegistryMatch:
    firm: Firm
    score: float
    parts: dict[str, float]


def from_registry(need: Need, k: int = 10) -> list[RegistryMatch]:
    """The best suppliers in the whole registry that are not at the event: IKM with at least one
    of the needed processes (a database prefilter), ranked by the same engine and score parts, so
    the buyer or the organiser can invite them."""
    processes = [p.pk for p in need.processes.all()]
    if not processes:
        return []
    at_event = need.event.registrations.values("firm_id")
    firms = list(
        Firm.objects.alive()
        .filter(kind=Firm.Kind.IKM, capabilities__process_id__in=processes)
        .exclude(pk__in=at_event)
        .exclude(pk=need.registration.firm_id)
        .distinct()
        .order_by("pk")
    )
    if not firms:
        return []
    data = supplier_arrays(firms, readiness=len(firms) <= READINESS_LIMIT)
    ranking = matching.recommend(data, engine_need(need), k=k)
    by_id = {f.pk: f for f in firms}
    return [
        RegistryMatch(
            by_id[int(firm_id)],
            round(float(score), 1),
            {name: round(float(values[i]), 1) for name, values in ranking.parts.items()},
        )
        for i, (firm_id, score) in enumerate(zip(ranking.ids, ranking.scores, strict=True))
    ]


def needs_for(registration: Registration) -> list[tuple[Need, float, dict]]:
    """The event's needs that fit a supplier best, best first."""
    needs = [
        n
        for n in registration.event.needs.select_related("registration__firm").prefetch_related(
            "processes"
        )
        if n.processes.exists()
    ]
    if not needs:
        return []
    data = supplier_arrays([registration.firm])
    scored = matching.score_needs(data, 0, [engine_need(n) for n in needs])
    rows = [
        (need, round(result[0], 1), {k: round(v, 1) for k, v in result[1].items()})
        for need, result in zip(needs, scored, strict=True)
        if result is not None
    ]
    return sorted(rows, key=lambda row: (-row[1], row[0].pk))
