"""Supplier scorecards: a buyer's criteria and bands applied to the delivery measures (and SOP
audits), per supplier and period, kept as ``ScoreRecord`` rows with their measures; a supplier
falling into a worse band than in the period before raises a ``BandAlert`` (and an email)."""

from datetime import date
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, User
from rantai.core.mail import addresses, notify
from rantai.engines import performance as engine
from rantai.five_r.models import Audit
from rantai.inbox.models import Notification
from rantai.insights import facts
from rantai.partnerships import performance
from rantai.partnerships.models import (
    Band,
    BandAlert,
    Criterion,
    Partnership,
    Scorecard,
    ScoreRecord,
)

DEFAULT_CRITERIA = [
    # measure, weight, full score at, zero score at
    (Criterion.Measure.ON_TIME, 40, 98, 80),
    (Criterion.Measure.PPM, 30, 100, 5000),
    (Criterion.Measure.FILL_RATE, 15, 100, 80),
    (Criterion.Measure.LATENESS, 5, 0, 10),
    (Criterion.Measure.SOP, 10, 100, 50),
]


# The bands a scorecard starts with: named by code, so each reader sees them in his language.
DEFAULT_BANDS = [
    (85, Band.Default.EXCELLENT, Band.Colour.GREEN),
    (70, Band.Default.AVERAGE, Band.Colour.BLUE),
    (50, Band.Default.POOR, Band.Colour.YELLOW),
    (0, Band.Default.VERY_POOR, Band.Colour.RED),
]


@transaction.atomic
def scorecard_for(buyer) -> Scorecard:
    """The buyer's scorecard, made with the default criteria and bands the first time."""
    card, created = Scorecard.objects.get_or_create(buyer=buyer)  # its name: the default title
    if created:
        for measure, weight, full, zero in DEFAULT_CRITERIA:
            card.criteria.create(measure=measure, weight=weight, full_at=full, zero_at=zero)
        for bound, code, colour in DEFAULT_BANDS:
            card.bands.create(
                min_score=bound,
                code=code,
                name=str(code.label),
                meaning=str(Band.MEANINGS[code]),
                colour=colour,
            )
    return card


def _sop_values(card: Scorecard, rows, kind: str) -> np.ndarray:
    """Per row: the latest submitted SOP audit score of the supplier up to the period's end."""
    values = np.full(len(rows), np.nan)
    if card.sop_template_id is None or not rows:
        return values

    audits: dict[int, list[tuple[date, float]]] = {}
    for firm_id, day, score in (
        Audit.objects.filter(
            template=card.sop_template_id,
            status=Audit.Status.SUBMITTED,
            firm_id__in={r.supplier_id for r in rows},
        )
        .order_by("date")
        .values_list("firm_id", "date", "overall_score")
    ):
        audits.setdefault(firm_id, []).append((day, float(score)))
    for index, row in enumerate(rows):
        end = performance.period_end(row.period, kind)
        for day, score in reversed(audits.get(row.supplier_id, [])):
            if day <= end:
                values[index] = score
                break
    return values


def compute(card: Scorecard, *, as_of: date | None = None, notify: bool = True):
    """Score every supplier of the buyer for every period in which something was due (receipts
    in a period with nothing due still count for quality in the measures, but make no score of
    their own); store the records and raise alerts.

    Returns the number of records written."""
    as_of = as_of or timezone.localdate()
    partnerships = Partnership.objects.filter(buyer=card.buyer_id).exclude(
        status=Partnership.Status.DRAFT
    )
    rows = [
        r
        for r in performance.table(partnerships, card.period, as_of)
        if r.period <= performance.period_index(as_of, card.period) and r.values["due"] > 0
    ]
    criteria = [
        engine.Criterion(c.measure, float(c.weight), float(c.full_at), float(c.zero_at))
        for c in card.criteria.all()
    ]
    bands = list(card.bands.order_by("-min_score"))
    if not criteria or not rows:
        return 0
    values = {
        name: np.array([np.nan if r.values[name] is None else r.values[name] for r in rows])
        for name in ("on_time", "fill_rate", "lateness", "ppm")
    }
    values["sop"] = _sop_values(card, rows, card.period)
    scores = engine.score(criteria, values)
    band_of = engine.band_index(scores, [float(b.min_score) for b in bands]) if bands else None
    records = []
    for index, row in enumerate(rows):
        measures = {k: v for k, v in row.values.items()}
        sop = values["sop"][index]
        measures["sop"] = None if np.isnan(sop) else float(sop)
        score = None if np.isnan(scores[index]) else Decimal(str(scores[index]))
        band = bands[band_of[index]] if band_of is not None and band_of[index] >= 0 else None
        records.append(
            ScoreRecord(
                scorecard=card,
                supplier_id=row.supplier_id,
                period_start=row.period_start,
                score=score,
                band=band,
                measures=measures,
            )
        )

    with transaction.atomic(), facts.batch():
        ScoreRecord.objects.bulk_create(
            records,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["scorecard", "supplier", "period_start"],
            update_fields=["score", "band", "measures", "computed_at"],
        )
        keep = {(r.supplier_id, r.period_start) for r in records}
        stale = [
            pk
            for pk, supplier_id, start in ScoreRecord.objects.filter(scorecard=card).values_list(
                "pk", "supplier_id", "period_start"
            )
            if (supplier_id, start) not in keep
        ]
        ScoreRecord.objects.filter(pk__in=stale).delete()
        facts.touch(*{r.supplier_id for r in records})  # bulk_create sends no signals
    alerts = check_alerts(card, bands)
    if notify:
        for alert in alerts:
            _email(alert)
    return len(records)


def check_alerts(card: Scorecard, bands: list[Band]) -> list[BandAlert]:
    """For each supplier's latest scored period: a worse band than the period before makes an
    alert (once per record)."""
    rank = {b.pk: i for i, b in enumerate(bands)}  # 0 = best
    latest: dict[int, list[tuple[int, int | None]]] = {}
    for supplier_id, pk, band_id in (
        ScoreRecord.objects.filter(scorecard=card, score__isnull=False)
        .order_by("supplier_id", "-period_start")
        .values_list("supplier_id", "pk", "band_id")
    ):
        pair = latest.setdefault(supplier_id, [])
        if len(pair) < 2:
            pair.append((pk, band_id))
    worse = [
        (now, before)
        for (now, before) in (p for p in latest.values() if len(p) == 2)
        if now[1] is not None
        and before[1] is not None
        and rank.get(now[1], 0) > rank.get(before[1], 0)
    ]
    known = set(
        BandAlert.objects.filter(record_id__in=[now[0] for now, _before in worse]).values_list(
            "record_id", flat=True
        )
    )
    made = BandAlert.objects.bulk_create(
        [
            BandAlert(record_id=now[0], previous_band_id=before[1], band_id=now[1])
            for now, before in worse
            if now[0] not in known
        ]
    )
    return (
        list(
            BandAlert.objects.filter(pk__in=[a.pk for a in made]).select_related(
                "record__supplier", "record__scorecard__buyer", "band", "previous_band"
            )
        )
        if made and made[0].pk
        else made
    )


def _recipients(alert: BandAlert) -> list[User]:
    record = alert.record
    return (
        Membership.objects.active()
        .filter(organisation_id__in=[record.supplier_id, record.scorecard.buyer_id])
        .exclude(user__email="")
        .users()
    )


def _email(alert: BandAlert) -> None:
    to = _recipients(alert)
    alert.recipients = addresses(to)
    alert.save(update_fields=["recipients", "updated_at"])
    if not to:
        return
    record = alert.record

    def compose():
        subject = _("%(supplier)s fell to “%(band)s” on the scorecard of %(buyer)s") % {
            "supplier": record.supplier.name,
            "band": alert.band,
            "buyer": record.scorecard.buyer.name,
        }
        body = render_to_string(
            "partnerships/email/band_alert.txt",
            {"alert": alert, "record": record, "site": settings.SITE_URL},
        )
        return subject, body

    notify(
        to,
        compose,
        kind=Notification.Kind.BAND_DROP,
        url=reverse(
            "partnerships:score-supplier", args=[record.scorecard.buyer_id, record.supplier_id]
        ),
    )
