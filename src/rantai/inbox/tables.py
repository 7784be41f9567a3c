import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import WIDE_ONLY, table_attrs
from rantai.inbox.models import Notification


class NotificationTable(tables.Table):
    """Each row opens its notice (a form: opening marks it read, then goes to its link)."""

    subject = tables.Column(verbose_name=_("Notification"), orderable=False)
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    created_at = tables.Column(verbose_name=_("Received"))

    class Meta:
        model = Notification
        fields = ["subject", "kind", "created_at"]
        order_by = ["-created_at"]
        attrs = table_attrs("notifications")
        row_attrs = {
            "class": lambda record: "" if record.is_read else "table-info",
            "data-testid": lambda record: f"notification-{record.pk}",
        }
        empty_text = _("No notifications.")

    def render_subject(self, record):
        return render_to_string("inbox/_open.html", {"n": record}, self.request)

    def render_created_at(self, value):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
