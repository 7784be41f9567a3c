"""Supplier scorecards: a buyer's standings of its suppliers, its settings, a supplier's scores
and the SOP audit they lead to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.accounts.actors import actor_for
from rantai.core import charts
from rantai.core.access import can, get_for, require
from rantai.firms.models import Firm
from rantai.five_r import services as five_r
from rantai.five_r.models import Audit
from rantai.partnerships import performance, scorecards, tasks
from rantai.partnerships.forms import (
    BandFormSet,
    CriterionFormSet,
    ScorecardForm,
)
from rantai.partnerships.models import (
    BandAlert,
    Criterion,
    Partnership,
    Scorecard,
    ScoreRecord,
)


def _buyer(request, buyer_pk: int, action: str = "change") -> Firm:
    """The buyer ``buyer_pk`` if the user may ``action`` its scorecard (403), asked before the
    scorecard is made with the defaults the first time (scorecards.scorecard_for)."""
    buyer = get_for(request.user, Firm.objects.alive(), pk=buyer_pk)
    require(
        request.user,
        action,
        Scorecard.objects.filter(buyer=buyer).first() or Scorecard(buyer=buyer),
    )
    return buyer


@login_required
def scorecard_index(request):
    """Where each user finds scores: a buyer its scorecard, a supplier its scores from every
    buyer, an officer the cluster's aggregate figures."""
    actor = actor_for(request.user)
    own_cards = Firm.objects.filter(pk__in=actor.org_ids, scorecard__isnull=False)
    buyers_of_mine = Firm.objects.filter(
        partnerships_as_buyer__supplier_id__in=actor.org_ids,
        partnerships_as_buyer__status__in=Partnership.SIGNED_STATUSES,
    ).distinct()
    mine = []
    for record in (
        ScoreRecord.objects.filter(supplier_id__in=actor.org_ids, score__isnull=False)
        .select_related("scorecard__buyer", "band", "supplier")
        .order_by("scorecard_id", "supplier_id", "-period_start")
    ):
        if not mine or (mine[-1].scorecard_id, mine[-1].supplier_id) != (
            record.scorecard_id,
            record.supplier_id,
        ):
            mine.append(record)
    aggregate = None
    if can(request.user, "view_aggregate", model=ScoreRecord):
        aggregate = _aggregate(request.user)
    return render(
        request,
        "partnerships/scorecard_index.html",
        {
            "own_cards": own_cards,
            "can_start": Firm.objects.filter(
                pk__in=actor.org_ids, partnerships_as_buyer__isnull=False
            ).distinct(),
            "mine": mine,
            "buyers_of_mine": buyers_of_mine,
            "aggregate": aggregate,
        },
    )


def _aggregate(user) -> dict:
    """Figures across the partnerships in the officer's remit, with no firm named."""
    visible = Partnership.objects.restrict(user).exclude(status=Partnership.Status.DRAFT)
    latest = {}
    for record in (
        ScoreRecord.objects.filter(
            scorecard__buyer__in=visible.values("buyer"),
            supplier__in=visible.values("supplier"),
            score__isnull=False,
        )
        .select_related("band")
        .order_by("scorecard_id", "supplier_id", "-period_start")
    ):
        latest.setdefault((record.scorecard_id, record.supplier_id), record)
    bands = {}
    for record in latest.values():
        key = str(record.band.label) if record.band else "—"
        bands[key] = bands.get(key, 0) + 1
    return {
        "totals": performance.totals(visible, timezone.localdate()),
        "suppliers": len(latest),
        "bands": sorted(bands.items(), key=lambda kv: -kv[1]),
        "shared": visible.filter(share_performance=True).select_related("supplier", "buyer"),
    }


@login_required
def scorecard(request, buyer_pk: int):
    """The buyer's standings of every supplier: for whoever keeps its scorecard."""
    buyer = _buyer(request, buyer_pk, "change")
    card = scorecards.scorecard_for(buyer)
    records = ScoreRecord.objects.filter(scorecard=card).select_related("supplier", "band")
    periods = sorted(
        set(ScoreRecord.objects.filter(scorecard=card).values_list("period_start", flat=True)),
        reverse=True,
    )
    chosen = request.GET.get("period")
    period = next((p for p in periods if p.isoformat() == chosen), periods[0] if periods else None)
    standings = (
        records.filter(period_start=period).order_by("-score", "supplier__name") if period else []
    )
    previous = {}
    if period:
        earlier = [p for p in periods if p < period]
        if earlier:
            previous = {
                r.supplier_id: r
                for r in records.filter(period_start=earlier[0]).select_related("band")
            }
    return render(
        request,
        "partnerships/scorecard.html",
        {
            "buyer": buyer,
            "card": card,
            "criteria": card.criteria.all(),
            "bands": card.bands.all(),
            "periods": periods,
            "period": period,
            "standings": standings,
            "previous": previous,
            "alerts": BandAlert.objects.filter(record__scorecard=card).select_related(
                "record__supplier", "band", "previous_band"
            )[:10],
            "can_manage": can(request.user, "change", card),
            "measure_help": performance.MEASURE_HELP,
        },
    )


@login_required
def scorecard_settings(request, buyer_pk: int):
    buyer = _buyer(request, buyer_pk, "change")
    card = scorecards.scorecard_for(buyer)
    form = ScorecardForm(request.POST or None, instance=card)
    criteria = CriterionFormSet(request.POST or None, instance=card, prefix="criteria")
    bands = BandFormSet(request.POST or None, instance=card, prefix="bands")
    if request.method == "POST" and form.is_valid() and criteria.is_valid() and bands.is_valid():
        with transaction.atomic():
            form.save()
            criteria.save()
            bands.save()
            transaction.on_commit(lambda: tasks.recompute_scorecard.enqueue(buyer.pk))
        messages.success(request, _("The scorecard was saved; scores are being recomputed."))
        return redirect("partnerships:scorecard", buyer_pk=buyer.pk)
    return render(
        request,
        "partnerships/scorecard_settings.html",
        {"buyer": buyer, "form": form, "criteria": criteria, "bands": bands},
    )


@login_required
@require_POST
def scorecard_recompute(request, buyer_pk: int):
    buyer = _buyer(request, buyer_pk, "change")
    tasks.recompute_scorecard.enqueue(buyer.pk)
    messages.success(request, _("Scores are being recomputed."))
    return redirect("partnerships:scorecard", buyer_pk=buyer.pk)


@login_required
def score_supplier(request, buyer_pk: int, supplier_pk: int):
    buyer = get_for(request.user, Firm, pk=buyer_pk)
    supplier = get_for(request.user, Firm, pk=supplier_pk)
    existing = Scorecard.objects.filter(buyer=buyer).first() or Scorecard(buyer=buyer)
    if not can(request.user, "view", ScoreRecord(scorecard=existing, supplier=supplier)):
        raise Http404  # nobody learns how a supplier is scored
    card = scorecards.scorecard_for(buyer)
    records = list(
        ScoreRecord.objects.filter(scorecard=card, supplier=supplier)
        .select_related("band")
        .order_by("period_start")
    )
    chart = (
        charts.trend(
            [date_format(r.period_start, "M y") for r in records],
            [float(r.score) if r.score is not None else None for r in records],
            label_every=max(1, len(records) // 8),
        )
        if records
        else None
    )
    partnership = (
        Partnership.objects.filter(buyer=buyer, supplier=supplier)
        .exclude(status=Partnership.Status.DRAFT)
        .order_by("-signed_on")
        .first()
    )
    sop_audits = []
    if card.sop_template_id:
        sop_audits = Audit.objects.filter(firm=supplier, template=card.sop_template_id).order_by(
            "-date"
        )[:5]
    return render(
        request,
        "partnerships/score_supplier.html",
        {
            "buyer": buyer,
            "supplier": supplier,
            "card": card,
            "records": list(reversed(records)),
            "chart": chart,
            "bands": card.bands.all(),
            "partnership": partnership,
            "sop_audits": sop_audits,
            "can_audit": card.sop_template_id and can(request.user, "change", card),
            "measure_labels": dict(Criterion.Measure.choices),
        },
    )


@login_required
@require_POST
def sop_audit_start(request, buyer_pk: int, supplier_pk: int):
    """The buyer's SOP checklist run as an audit of the supplier, captured like a 5R audit."""
    buyer = _buyer(request, buyer_pk, "change")
    supplier = get_for(request.user, Firm, pk=supplier_pk)
    card = scorecards.scorecard_for(buyer)
    if (
        card.sop_template_id is None
        or not Partnership.objects.filter(buyer=buyer, supplier=supplier).in_force().exists()
    ):
        raise Http404
    audit = five_r.start_audit(
        firm=supplier,
        template=card.sop_template,
        area=_("SOP of %(buyer)s") % {"buyer": buyer.name},
        phase=Audit.Phase.INTERIM,
        auditors=[request.user],
        user=request.user,
    )
    return redirect("five_r:audit-detail", pk=audit.pk)
