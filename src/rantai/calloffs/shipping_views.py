"""The shipping pages: the list of notices, a new notice (the supplier), a notice with what was
received, its delivery note (PDF, with the QR code of the receipt page) and the goods receipt
(the buyer, who reaches it by scanning the note at the gate). Views translate HTTP; the rules are
asked through ``core.access`` and the work is done by ``calloffs.shipping``."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from rantai.calloffs import shipping
from rantai.calloffs.models import ShippingNotice
from rantai.calloffs.shipping_forms import ReceiptForm, ShippingNoticeFilterSet, ShippingNoticeForm
from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.history import model_entries
from rantai.core.lists import WIDE_ONLY, ListView, table_attrs
from rantai.partnerships.models import Partnership


class ShippingNoticeTable(tables.Table):
    number = tables.Column(verbose_name=gettext_lazy("Delivery note"), linkify=True)
    shipped_on = tables.Column(verbose_name=gettext_lazy("Shipped on"))
    parties = tables.Column(
        verbose_name=gettext_lazy("Supplier → buyer"),
        accessor="partnership",
        order_by=("partnership__supplier__name",),
        attrs=WIDE_ONLY,
    )
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    received_on = tables.Column(verbose_name=gettext_lazy("Received on"), attrs=WIDE_ONLY)

    class Meta:
        model = ShippingNotice
        fields = ["number", "shipped_on", "parties", "status", "received_on"]
        order_by = ["-shipped_on"]
        attrs = table_attrs("shipping-notices")
        row_attrs = {
            "data-testid": lambda record: f"shipping-notice-{record.pk}",
            "data-status": lambda record: record.status,
        }
        empty_text = gettext_lazy("No shipping notices.")

    def render_parties(self, value):
        return f"{value.supplier.name} → {value.buyer.name}"

    def render_status(self, record):
        return record.get_status_display()


class ShippingListView(ListView):
    filterset_class = ShippingNoticeFilterSet
    table_class = ShippingNoticeTable
    template_name = "calloffs/shipping_list.html"

    def get_queryset(self):
        return restrict(ShippingNotice.objects.all(), self.request.user).select_related(
            "partnership__buyer", "partnership__supplier"
        )


def _notice(request, pk: int, action: str = "view") -> ShippingNotice:
    notices = ShippingNotice.objects.select_related(
        "partnership__buyer", "partnership__supplier", "created_by", "received_by"
    )
    return get_for(request.user, notices, action, pk=pk)


@login_required
def create(request, pk: int):
    partnership = get_for(
        request.user, Partnership.objects.select_related("buyer", "supplier"), pk=pk
    )
    require(request.user, "add", ShippingNotice(partnership=partnership))
    form = ShippingNoticeForm(request.POST or None, call_offs=shipping.shippable(partnership))
    if request.method == "POST" and form.is_valid():
        values = {
            k: form.cleaned_data[k] for k in ("number", "shipped_on", "vehicle", "driver", "note")
        }
        try:
            notice = shipping.ship(
                partnership=partnership, user=request.user, lines=form.lines(), **values
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Shipping notice %(number)s was sent to the buyer.") % {"number": notice.number},
            )
            return redirect(notice)
    return render(request, "calloffs/shipping_form.html", {"form": form, "p": partnership})


@login_required
def detail(request, pk: int):
    notice = _notice(request, pk)
    lines = notice.lines.select_related("call_off", "delivery").order_by("pk")
    return render(
        request,
        "calloffs/shipping_detail.html",
        {
            "notice": notice,
            "lines": lines,
            "may_receive": not notice.is_received and can(request.user, "receive", notice),
            "timeline": model_entries(
                ShippingNotice, ShippingNotice.history.filter(id=notice.pk), 20, main=True
            ),
        },
    )


@login_required
@require_GET
def pdf(request, pk: int):
    """The delivery note to print and hand to the driver. One page, rendered at once (the rule
    of PDFs made in a job is for reports that take seconds)."""
    from rantai.calloffs.shipping_pdf import delivery_note_pdf  # noqa: PLC0415 (WeasyPrint)

    notice = _notice(request, pk)
    response = HttpResponse(delivery_note_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="delivery-note-{notice.pk}.pdf"'
    return response


@login_required
def receive(request, pk: int):
    notice = _notice(request, pk, "receive")
    if notice.is_received:
        messages.info(
            request,
            _("Shipping notice %(number)s was already received.") % {"number": notice.number},
        )
        return redirect(notice)
    form = ReceiptForm(request.POST or None, notice=notice)
    if request.method == "POST" and form.is_valid():
        try:
            shipping.receive(
                notice=notice,
                user=request.user,
                received_on=form.cleaned_data["received_on"],
                lines=form.lines(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The goods receipt was recorded; the deliveries count from now.")
            )
            return redirect(notice)
    return render(request, "calloffs/shipping_receive.html", {"form": form, "notice": notice})
