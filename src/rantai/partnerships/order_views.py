"""Orders, deliveries and their measures under a partnership; supplier scorecards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.accounts.actors import actor_for
from rantai.core import charts
from rantai.core.access import can, get_for, require
from rantai.core.lists import ListView
from rantai.firms.models import Firm
from rantai.five_r.models import Audit
from rantai.partnerships import performance, scorecards, services, tasks
from rantai.partnerships.filters import OrderFilterSet
from rantai.partnerships.forms import (
    BandFormSet,
    CriterionFormSet,
    DeliveryForm,
    OrderForm,
    OrderLineFormSet,
    ScorecardForm,
)
from rantai.partnerships.models import (
    BandAlert,
    Criterion,
    Delivery,
    Order,
    OrderLine,
    Partnership,
    Scorecard,
    ScoreRecord,
)
from rantai.partnerships.tables import OrderTable
from rantai.partnerships.views import _partnership

MEASURE_HELP = [
    (_("On-time delivery"), _("quantity received by each line's due date ÷ quantity due (%).")),
    (
        _("Fill rate"),
        _("quantity received so far ÷ quantity due, for lines due in the period (%)."),
    ),
    (
        _("Average lateness"),
        _("days after the due date, averaged over the quantity delivered (early counts 0)."),
    ),
    (_("Quality"), _("quantity rejected ÷ quantity received in the period × 1,000,000 (PPM).")),
]


def _months(partnership):
    rows = performance.table(
        Partnership.objects.filter(pk=partnership.pk), "month", timezone.localdate()
    )
    return sorted(rows, key=lambda r: r.period, reverse=True)


def _orders_of(request, pk: int, action: str) -> Partnership:
    """The agreement ``pk`` (404 unless the user sees it) if he may ``action`` its orders (403):
    the rule is asked of an order of this agreement, as it will be."""
    partnership = _partnership(request, pk)
    require(request.user, action, Order(partnership=partnership))
    return partnership


class OrdersView(ListView):
    """A partnership's orders with their lines and what arrived, and its measures by month."""

    filterset_class = OrderFilterSet
    table_class = OrderTable
    template_name = "partnerships/orders.html"

    def get(self, request, *args, **kwargs):
        self.partnership = _orders_of(request, kwargs["pk"], "view")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        lines = OrderLine.objects.annotate(
            received=Sum("deliveries__quantity"),
            rejected=Sum("deliveries__rejected"),
            last=Max("deliveries__delivered_on"),
        ).order_by("due_on", "pk")
        return Order.objects.filter(partnership=self.partnership).prefetch_related(
            Prefetch("lines", queryset=lines, to_attr="annotated_lines")
        )

    def get_context_data(self, **kwargs):
        partnership = self.partnership
        today = timezone.localdate()
        return super().get_context_data(
            p=partnership,
            months=_months(partnership)[:24],
            totals=performance.totals(Partnership.objects.filter(pk=partnership.pk), today),
            can_change=can(self.request.user, "add", Order(partnership=partnership)),
            delivery_form=DeliveryForm(initial={"delivered_on": today}),
            measure_help=MEASURE_HELP,
            today=today,
            **kwargs,
        )


@login_required
def order_create(request, pk: int):
    partnership = _orders_of(request, pk, "add")
    form = OrderForm(request.POST or None)
    lines = OrderLineFormSet(request.POST or None, prefix="line")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        values = [
            {k: v for k, v in line.items() if k != "empty"}
            for line in lines.cleaned_data
            if line and not line.get("empty")
        ]
        try:
            order = services.create_order(
                partnership=partnership,
                number=form.cleaned_data["number"],
                ordered_on=form.cleaned_data["ordered_on"],
                note=form.cleaned_data["note"],
                lines=values,
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Order %(number)s was recorded.") % {"number": order})
            return redirect("partnerships:orders", pk=partnership.pk)
    return render(
        request, "partnerships/order_form.html", {"p": partnership, "form": form, "lines": lines}
    )


@login_required
def order_detail(request, pk: int):
    order = get_for(request.user, Order, pk=pk)
    return redirect(f"{reverse('partnerships:orders', args=[order.partnership_id])}#order-{pk}")


@login_required
@require_POST
def delivery_create(request, line_pk: int):
    line = get_for(
        request.user, OrderLine.objects.select_related("order", "partnership"), pk=line_pk
    )
    require(request.user, "add", Delivery(line=line))
    partnership = line.partnership
    form = DeliveryForm(request.POST)
    target = f"{reverse('partnerships:orders', args=[partnership.pk])}#line-{line.pk}"
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(target)
    try:
        services.add_delivery(
            line=line,
            delivered_on=form.cleaned_data["delivered_on"],
            quantity=form.cleaned_data["quantity"],
            rejected=form.cleaned_data["rejected"] or 0,
            reject_reason=form.cleaned_data["reject_reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The delivery was recorded."))
    return redirect(target)


# ---- scorecards ------------------------------------------------------------------------------


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
        key = record.band.name if record.band else "—"
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
            "measure_help": MEASURE_HELP,
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
        from django.db import transaction

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
        from rantai.five_r.models import Audit

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
    from rantai.five_r import services as five_r

    audit = five_r.start_audit(
        firm=supplier,
        template=card.sop_template,
        area=_("SOP of %(buyer)s") % {"buyer": buyer.name},
        phase=Audit.Phase.INTERIM,
        auditors=[request.user],
        user=request.user,
    )
    return redirect("five_r:audit-detail", pk=audit.pk)
