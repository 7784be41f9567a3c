import itertools

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rantai.core.formatting import number
from rantai.core.lists import NUMBER, WIDE_NUMBER, WIDE_ONLY, table_attrs
from rantai.estates import occupancy
from rantai.estates.assets import DAY_FORMAT, TIME_FORMAT, may_cancel
from rantai.estates.models import Application, Asset, Booking, Estate, Lease

CONDITION = (
    '{% include "estates/_asset_condition.html" with condition=record.condition '
    "label=record.get_condition_display %}"
)


class EstateTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs={"td": {"class": "fw-medium"}})
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    village = tables.Column(
        verbose_name=_("Village"), order_by=("village__name", "name"), attrs=WIDE_ONLY
    )
    occupied = tables.Column(
        accessor="n_occupied",
        verbose_name=_("Occupied units"),
        order_by=("n_occupied", "name"),
        attrs=NUMBER,
    )

    class Meta:
        model = Estate
        fields = ["name", "kind", "village", "occupied"]
        order_by = ["name"]
        attrs = table_attrs("estates")
        empty_text = _("No estate recorded yet.")

    def render_village(self, value):
        return value.name

    def render_occupied(self, value, record):
        return _("%(o)s of %(n)s units occupied") % {"o": value, "n": record.n_units}


class LeaseTable(tables.Table):
    """Leases with what each owes on ``day``."""

    tenant = tables.Column(verbose_name=_("Tenant"), order_by=("tenant__name", "-starts_on"))
    units = tables.Column(verbose_name=_("Units"), orderable=False, attrs=WIDE_ONLY)
    starts_on = tables.Column(verbose_name=_("Period"), order_by=("starts_on", "pk"))
    monthly_fee = tables.Column(verbose_name=_("Monthly fee"), attrs=WIDE_NUMBER)
    arrears = tables.Column(
        verbose_name=_("Arrears"), empty_values=(), orderable=False, attrs=NUMBER
    )
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Lease
        fields = ["tenant", "units", "starts_on", "monthly_fee", "arrears", "status"]
        order_by = ["status", "-starts_on"]
        attrs = table_attrs("leases", "table table-sm align-middle small")
        empty_text = _("No lease yet.")

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    def render_tenant(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value.name)

    def render_units(self, record):
        return ", ".join(unit.code for unit in record.units.all())

    def render_starts_on(self, value, record):
        return (
            f"{date_format(value, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(record.last_day, 'SHORT_DATE_FORMAT')}"
        )

    def render_monthly_fee(self, value):
        return number(value)

    def render_arrears(self, record):
        owed = occupancy.arrears(record, self.day).owed
        css = "text-danger" if owed else ""
        return format_html('<span class="{}">{}</span>', css, number(owed))


class ApplicationTable(tables.Table):
    """The waiting list, in the order firms applied, with the manager's actions."""

    position = tables.Column(verbose_name="#", empty_values=(), orderable=False)
    firm = tables.Column(verbose_name=_("Firm"), order_by=("firm__name", "pk"))
    kbli = tables.Column(verbose_name=_("Sector"), attrs=WIDE_ONLY)
    wanted_type = tables.Column(verbose_name=_("Wants"), default=_("any type"), attrs=WIDE_ONLY)
    applied_on = tables.DateColumn(
        verbose_name=_("Applied on"), short=True, order_by=("applied_on", "pk"), attrs=WIDE_ONLY
    )
    status = tables.Column(verbose_name=_("Status"))
    actions = tables.TemplateColumn(
        template_name="estates/_application_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Application
        fields = ["position", "firm", "kbli", "wanted_type", "applied_on", "status", "actions"]
        order_by = ["applied_on"]
        attrs = table_attrs("waiting", "table table-sm align-middle small")
        row_attrs = {"data-testid": lambda record: f"application-{record.pk}"}
        empty_text = _("Nobody is waiting.")

    def render_position(self):
        # Counted from the page's first row, so the queue's numbers go on across pages.
        if not hasattr(self, "_positions"):
            self._positions = itertools.count(self.page.start_index())
        return next(self._positions)

    def render_firm(self, value, record):
        link = format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.name)
        if not record.note:
            return link
        return format_html('{}<div class="text-body-secondary">{}</div>', link, record.note)

    def render_kbli(self, value):
        return value.code

    def render_status(self, value, record):
        if record.offered_unit:
            return f"{value}: {record.offered_unit.code}"
        return value


class AssetTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    funding = tables.Column(verbose_name=_("Funding"), attrs=WIDE_ONLY)
    fiscal_year = tables.Column(verbose_name=_("Year"), attrs=WIDE_NUMBER)
    cost = tables.Column(verbose_name=_("Cost (Rp)"), attrs=WIDE_NUMBER)
    condition = tables.TemplateColumn(
        CONDITION,
        verbose_name=_("Condition"),
        attrs={"td": {"data-testid": lambda record: f"condition-{record.pk}"}},
    )
    last_checked = tables.DateColumn(verbose_name=_("Last checked"), short=True, attrs=WIDE_ONLY)

    class Meta:
        model = Asset
        fields = [
            "name",
            "kind",
            "funding",
            "fiscal_year",
            "cost",
            "condition",
            "last_checked",
        ]
        order_by = ["kind", "name"]
        attrs = table_attrs("assets", "table table-hover align-middle mb-0 small")
        row_attrs = {"data-testid": lambda record: f"asset-{record.pk}"}
        empty_text = _("No facility or asset recorded yet.")

    def render_name(self, value, record):
        return render_to_string("estates/_asset_name.html", {"a": record})

    def render_fiscal_year(self, value):
        return str(value)

    def render_cost(self, value):
        return number(value)


class BookingTable(tables.Table):
    """Bookings in time order; the firm that booked and the estate's managers may cancel."""

    starts_at = tables.Column(verbose_name=_("When"), order_by=("starts_at", "pk"))
    asset = tables.Column(verbose_name=_("Facility"), order_by=("asset__name", "starts_at"))
    cancel = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = Booking
        fields = ["starts_at", "asset", "cancel"]
        order_by = ["starts_at"]
        attrs = table_attrs("bookings", "table table-sm align-middle small")
        row_attrs = {
            "id": lambda record: f"booking-{record.pk}",
            "data-testid": lambda record: f"booking-{record.pk}",
        }
        empty_text = _("No upcoming booking.")

    def render_starts_at(self, record):
        start, end = timezone.localtime(record.starts_at), timezone.localtime(record.ends_at)
        if start.date() == end.date():
            period = f"{date_format(start, TIME_FORMAT)}–{date_format(end, TIME_FORMAT)}"
        else:
            period = (
                f"{date_format(start, TIME_FORMAT)} – "
                f"{date_format(end, DAY_FORMAT)}, {date_format(end, TIME_FORMAT)}"
            )
        return format_html(
            '<div>{}</div><strong data-testid="booking-time">{}</strong>',
            date_format(start, "l, j F Y"),
            period,
        )

    def render_asset(self, value, record):
        return format_html(
            '<a href="{}">{}</a> · <span data-testid="booking-firm">{}</span>'
            '<div class="text-body-secondary">{}</div>',
            value.get_absolute_url(),
            value.name,
            record.firm.name,
            record.purpose,
        )

    def render_cancel(self, record):
        if not may_cancel(self.request.user, record):
            return ""
        return render_to_string("estates/_booking_cancel.html", {"b": record}, self.request)
