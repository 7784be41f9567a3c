import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rantai.calloffs import cells
from rantai.calloffs.models import CallOff
from rantai.core.lists import WIDE_NUMBER, WIDE_ONLY, table_attrs

WAITING = (CallOff.Status.RELEASED, CallOff.Status.PROPOSED)


class CallOffTable(tables.Table):
    """The board: what, how many, by when, where, for or from whom, and the state; a row needing
    the reader's answer stands out."""

    number = tables.Column(verbose_name=_("Call-off"))
    description = tables.Column(verbose_name=_("Part"), order_by=("part_number",))
    quantity = tables.Column(verbose_name=_("Quantity"), attrs=WIDE_NUMBER)
    due_on = tables.Column(verbose_name=_("Due"))
    parties = tables.Column(
        verbose_name=_("Buyer → supplier"),
        accessor="partnership",
        order_by=("partnership__buyer__name",),
        attrs=WIDE_ONLY,
    )
    status = tables.Column(verbose_name=_("Status"), attrs=WIDE_ONLY)

    class Meta:
        model = CallOff
        fields = ["number", "description", "quantity", "due_on", "parties", "status"]
        order_by = ["due_on"]
        attrs = table_attrs("call-offs")
        row_attrs = {
            "data-testid": lambda record: f"call-off-{record.pk}",
            "data-status": lambda record: record.status,
            "class": lambda record: "table-warning" if record.status in WAITING else "",
        }
        empty_text = _("No call-offs.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = timezone.now()  # one clock for every row's deadline

    def render_number(self, record):
        """The number, a link; on a phone the status too (its column is for wider screens)."""
        return cells.number(record, self.now)

    def render_description(self, record):
        return cells.part(record, phone=True)

    def render_quantity(self, record):
        return cells.quantity(record)

    def render_due_on(self, record):
        return cells.due(record)

    def render_parties(self, value):
        return f"{value.buyer.name} → {value.supplier.name}"

    def render_status(self, record):
        return cells.status(record, self.now)
