import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import WIDE_ONLY, table_attrs
from rantai.webhooks.models import Delivery, Endpoint

STATUS_BADGE = {
    Delivery.Status.PENDING: "text-bg-warning",
    Delivery.Status.SUCCEEDED: "text-bg-success",
    Delivery.Status.FAILED: "text-bg-danger",
}


def when(value) -> str:
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


class EndpointTable(tables.Table):
    url = tables.Column(
        verbose_name=_("Address"), linkify=True, attrs={"td": {"class": "text-break"}}
    )
    events = tables.Column(verbose_name=_("Events"), orderable=False, attrs=WIDE_ONLY)
    active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Endpoint
        fields = ["url", "events", "active"]
        attrs = table_attrs("endpoints")
        empty_text = _("No webhook endpoints yet.")

    def render_events(self, record):
        return ", ".join(str(label) for label in record.event_labels())


class DeliveryTable(tables.Table):
    event = tables.Column(verbose_name=_("Event"), linkify=True)
    status = tables.Column(verbose_name=_("Status"))
    attempts_count = tables.Column(verbose_name=_("Attempts"), attrs=WIDE_ONLY)
    created_at = tables.Column(verbose_name=_("Created"))

    class Meta:
        model = Delivery
        fields = ["event", "status", "attempts_count", "created_at"]
        order_by = ["-created_at"]
        attrs = table_attrs("deliveries")
        row_attrs = {"data-testid": lambda record: f"delivery-{record.pk}"}
        empty_text = _("Nothing was sent to this endpoint yet.")

    def render_event(self, record):
        return record.get_event_display()

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            STATUS_BADGE[record.status],
            record.get_status_display(),
        )

    def render_created_at(self, value):
        return when(value)
