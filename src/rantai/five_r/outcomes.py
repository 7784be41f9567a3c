"""Outcome indicators of 5R: what 5R is for (time to find a tool, space freed, walking, setup
time, incidents, output), measured at the baseline and final visits and compared.

One way in for every writer (the page, the API, the demo): ``record`` checks every value first
and writes nothing when one is wrong. The figures (before, after, change per firm; median and
interquartile range of the change per program) are computed here for pages and PDF reports."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rantai.core import formatting
from rantai.estates.models import Lease, Unit
from rantai.five_r.models import Audit, Indicator, IndicatorSet, Measurement
from rantai.five_r.services import _ensure_draft

CENT = Decimal("0.01")


def indicators_for(program) -> list[Indicator]:
    """The indicators a program measures (the standard set when it names none)."""
    return list(IndicatorSet.for_program(program).indicators.all())


def leased_floor_area(firm, day: date) -> Decimal | None:
    """The floor area (m²) of the estate units ``firm`` leases on ``day``; None when none."""
    leases = Lease.objects.filter(tenant=firm, starts_on__lte=day).filter(
        Q(ended_on__isnull=True, ends_on__gte=day) | Q(ended_on__gte=day)
    )
    return Unit.objects.filter(pk__in=leases.values("units")).aggregate(
        area=Sum("type__floor_area_m2")
    )["area"]


def _number(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a number."))
    return value


def clean_value(indicator: Indicator, raw_samples: list, area: Decimal | None) -> tuple:
    """``(value, samples)`` for one indicator from what was typed (one value, or all its
    samples); ``ValidationError`` naming the problem otherwise."""
    samples = [_number(raw) for raw in raw_samples]
    if len(samples) != indicator.samples:
        raise ValidationError(
            ngettext(
                "Give %(count)d measurement.",
                "Give all %(count)d measurements, or none.",
                indicator.samples,
            )
            % {"count": indicator.samples}
        )
    for value in samples:
        if value < 0:
            raise ValidationError(_("A measurement cannot be negative."))
        if indicator.whole and value != value.to_integral_value():
            raise ValidationError(_("Whole numbers only."))
        if value > indicator.max_value:
            raise ValidationError(
                _("At most %(max)s %(unit)s.")
                % {"max": formatting.measure(indicator.max_value), "unit": indicator.unit_label}
            )
        if indicator.within_unit and area is not None and value > area:
            raise ValidationError(
                _("More than the floor area the firm leases (%(area)s m²).")
                % {"area": formatting.measure(area)}
            )
    value = (sum(samples) / len(samples)).quantize(CENT)
    return value, [str(s.quantize(CENT)) for s in samples] if indicator.samples > 1 else []


def record(*, audit: Audit, user, values: dict[str, list | None]) -> list[Measurement]:
    """Record the outcome indicators measured at ``audit``'s visit: ``values`` maps an
    indicator's code to what was typed (its samples), or to None or [] to clear it; indicators
    not named stay as they are. Every value is checked before anything is written; an error
    names each indicator that is wrong."""
    _ensure_draft(audit)
    indicators = {i.code: i for i in indicators_for(audit.program)}
    errors, clean = {}, {}
    area = None
    if any(indicators[c].within_unit for c in values if c in indicators):
        area = leased_floor_area(audit.firm, audit.date)
    for code, raw in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = [_("This indicator is not measured in this program.")]
            continue
        typed = [r for r in (raw if isinstance(raw, list) else [raw]) if r not in ("", None)]
        if not typed:
            clean[code] = None
            continue
        try:
            clean[code] = clean_value(indicator, typed, area)
        except ValidationError as exc:
            errors[code] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One writer at a time per audit, and never into one submitted meanwhile.
        _ensure_draft(Audit.objects.select_for_update().get(pk=audit.pk))
        kept = []
        current = {m.indicator.code: m for m in audit.measurements.select_related("indicator")}
        for code, chosen in clean.items():
            measurement = current.get(code)
            if chosen is None:
                if measurement:
                    measurement._history_user = user
                    measurement.delete()
                continue
            value, samples = chosen
            if measurement and measurement.value == value and measurement.samples == samples:
                kept.append(measurement)
                continue
            measurement = measurement or Measurement(audit=audit, indicator=indicators[code])
            measurement.value, measurement.samples = value, samples
            measurement.measured_by = user
            measurement._history_user = user
            measurement.save()
            kept.append(measurement)
        Audit.objects.filter(pk=audit.pk).update(updated_at=timezone.now())
    return kept


@dataclass
class Outcome:
    """One indicator of one firm: before (baseline visit), after (final visit), the change."""

    indicator: Indicator
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """The change in percent of the value before; None without both, or from zero."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return ((self.after - self.before) / self.before * 100).quantize(Decimal("0.1"))

    @property
    def improved(self) -> bool | None:
        if self.before is None or self.after is None or self.before == self.after:
            return None
        lower = self.indicator.better == Indicator.Better.LOWER
        return (self.after < self.before) if lower else (self.after > self.before)


def measured_values(audits) -> dict[tuple[int, int], Decimal]:
    """``{(audit id, indicator id): value}`` for ``audits``, in one query."""
    return {
        (m.audit_id, m.indicator_id): m.value
        for m in Measurement.objects.filter(audit__in=[a.pk for a in audits if a])
    }


def pair(indicators, values: dict, baseline: Audit | None, final: Audit | None) -> list[Outcome]:
    """Before and after for each of ``indicators``; empty when neither audit was measured."""
    audits = [a.pk for a in (baseline, final) if a]
    if not any((audit, i.pk) in values for audit in audits for i in indicators):
        return []
    return [
        Outcome(
            indicator,
            values.get((baseline.pk, indicator.pk)) if baseline else None,
            values.get((final.pk, indicator.pk)) if final else None,
        )
        for indicator in indicators
    ]


def outcomes(baseline: Audit | None, final: Audit | None) -> list[Outcome]:
    """Before (``baseline``) and after (``final``) for each indicator of their program."""
    audits = [a for a in (baseline, final) if a]
    if not audits:
        return []
    return pair(indicators_for(audits[-1].program), measured_values(audits), baseline, final)


@dataclass
class Spread:
    """The change of one indicator across a program's firms: median and interquartile range."""

    indicator: Indicator
    firms: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    median_before: float | None = None
    median_after: float | None = None


def spreads(per_firm: Iterable[list[Outcome]], indicators: list[Indicator]) -> list[Spread]:
    """Per indicator measured at some visit, over the firms with a change: its median and
    quartiles (linear interpolation, numpy's default), and the median value before and after."""
    changes: dict[int, list[float]] = {i.pk: [] for i in indicators}
    before: dict[int, list[float]] = {i.pk: [] for i in indicators}
    after: dict[int, list[float]] = {i.pk: [] for i in indicators}
    for firm in per_firm:
        for outcome in firm:
            key = outcome.indicator.pk
            if key not in changes:
                continue
            if outcome.change is not None:
                changes[key].append(float(outcome.change))
            if outcome.before is not None:
                before[key].append(float(outcome.before))
            if outcome.after is not None:
                after[key].append(float(outcome.after))
    rows = []
    for indicator in indicators:
        if not (before[indicator.pk] or after[indicator.pk]):
            continue  # measured at no visit: no row of dashes
        row = Spread(indicator, len(changes[indicator.pk]))
        if changes[indicator.pk]:
            row.q1, row.median, row.q3 = (
                round(float(v), 1) for v in np.percentile(changes[indicator.pk], [25, 50, 75])
            )
        if before[indicator.pk]:
            row.median_before = round(float(np.median(before[indicator.pk])), 2)
        if after[indicator.pk]:
            row.median_after = round(float(np.median(after[indicator.pk])), 2)
        rows.append(row)
    return rows
