import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from rantai.core.formatting import number
from rantai.core.lists import LARGE_ONLY, WIDE_NUMBER, WIDE_ONLY, table_attrs
from rantai.partnerships.models import Order, Partnership, SupplyLink

STATUS = (
    '{% include "partnerships/_status.html" with colour=record.status_colour '
    "label=record.get_status_display %}"
)


def tier_text(tier: int) -> str:
    return _("tier-%(n)s") % {"n": tier}


class PartnershipTable(tables.Table):
    supplier = tables.Column(verbose_name=_("Supplier"), order_by=("supplier__name", "pk"))
    buyer = tables.Column(verbose_name=_("Buyer"), order_by=("buyer__name", "pk"))
    kind = tables.Column(verbose_name=_("Type"), attrs=WIDE_ONLY)
    scope = tables.Column(verbose_name=_("Scope"), orderable=False, attrs=LARGE_ONLY)
    estimated_value = tables.Column(verbose_name=_("Value (Rp)"), attrs=WIDE_NUMBER)
    signed_on = tables.DateColumn(
        verbose_name=_("Signed on"),
        short=True,
        order_by=("signed_on", "created_at"),
        attrs=WIDE_ONLY,
    )
    status = tables.TemplateColumn(STATUS, verbose_name=_("Status"))

    class Meta:
        model = Partnership
        fields = ["supplier", "buyer", "kind", "scope", "estimated_value", "signed_on", "status"]
        order_by = ["-signed_on"]
        attrs = table_attrs("register", "table table-sm table-hover align-middle")
        empty_text = _("No agreement matches.")

    def render_supplier(self, value, record):
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            record.get_absolute_url(),
            value.name,
            value.regency.name if value.regency else "",
        )

    def render_buyer(self, value):
        return value.name

    def render_kind(self, value, record):
        return f"{value} · {tier_text(record.tier)}" if record.tier else value

    def render_scope(self, value):
        return Truncator(value).chars(70)

    def render_estimated_value(self, value):
        return number(value)


class LinkTable(tables.Table):
    buyer = tables.Column(verbose_name=_("Buyer"), order_by=("buyer__name", "supplier__name"))
    supplier = tables.Column(verbose_name=_("Supplier"), order_by=("supplier__name", "buyer__name"))
    tier = tables.Column(verbose_name=_("Tier"), order_by=("tier", "buyer__name", "supplier__name"))
    commodity = tables.Column(verbose_name=_("Commodity"), attrs=WIDE_ONLY)
    partnership = tables.Column(
        verbose_name=_("Source"), orderable=False, empty_values=(), attrs=WIDE_ONLY
    )

    class Meta:
        model = SupplyLink
        fields = ["buyer", "supplier", "tier", "commodity", "partnership"]
        order_by = ["tier"]
        attrs = table_attrs("links", "table table-sm align-middle")
        row_attrs = {"class": lambda record: "" if record.active else "text-body-secondary"}
        empty_text = _("No supply links to show.")

    def _chain(self, firm):
        return format_html(
            '<a href="{}">{}</a>', reverse("partnerships:firm-chain", args=[firm.pk]), firm.name
        )

    def render_buyer(self, value):
        return self._chain(value)

    def render_supplier(self, value):
        return self._chain(value)

    def render_tier(self, value, record):
        return tier_text(value) if record.active else f"{tier_text(value)} ({_('ended')})"

    def render_partnership(self, value):
        if value is None:
            return _("entered directly")
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), _("agreement"))


class OrderTable(tables.Table):
    """A partnership's orders, each with its lines, what arrived of them and (for the buyer) a
    form to record a delivery."""

    order = tables.Column(
        accessor="number", verbose_name=_("Order number"), order_by=("ordered_on", "pk")
    )
    lines = tables.TemplateColumn(
        template_name="partnerships/_order_lines.html",
        verbose_name=_("Lines"),
        orderable=False,
        empty_values=(),
    )

    class Meta:
        model = Order
        fields = ["order", "lines"]
        order_by = ["-order"]
        attrs = table_attrs("orders", "table align-top")
        row_attrs = {"id": lambda record: f"order-{record.pk}"}
        empty_text = _("No order recorded yet.")

    def render_order(self, value, record):
        return format_html(
            '<strong>{}</strong><div class="small text-body-secondary">{}</div>',
            value,
            date_format(record.ordered_on, "DATE_FORMAT"),
        )
