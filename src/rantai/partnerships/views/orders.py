"""Orders, deliveries and their measures under a partnership."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.partnerships import performance, services
from rantai.partnerships.filters import OrderFilterSet
from rantai.partnerships.forms import DeliveryForm, OrderForm, OrderLineFormSet
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership
from rantai.partnerships.tables import OrderTable
from rantai.partnerships.views.partnerships import partnership_for


def _months(partnership):
    rows = performance.table(
        Partnership.objects.filter(pk=partnership.pk), "month", timezone.localdate()
    )
    return sorted(rows, key=lambda r: r.period, reverse=True)


def _orders_of(request, pk: int, action: str) -> Partnership:
    """The agreement ``pk`` (404 unless the user sees it) if he may ``action`` its orders (403):
    the rule is asked of an order of this agreement, as it will be."""
    partnership = partnership_for(request, pk)
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
            measure_help=performance.MEASURE_HELP,
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
            add_errors(form, exc)
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
def delivery_create(request, line_pk: int):
    """Record a delivery against an order line. The orders page loads this form only when a
    line's "Record a delivery" is opened (htmx asks for the ``form`` partial), so a page of
    orders does not carry one form per line."""
    line = get_for(
        request.user, OrderLine.objects.select_related("order", "partnership"), pk=line_pk
    )
    require(request.user, "add", Delivery(line=line))
    partnership = line.partnership
    if request.method != "POST":
        form = DeliveryForm(
            initial={"delivered_on": timezone.localdate()}, auto_id=f"line{line.pk}_%s"
        )
        template = "partnerships/delivery_form.html"
        if request.htmx:
            template += "#form"
        return render(request, template, {"form": form, "line": line, "p": partnership})
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
