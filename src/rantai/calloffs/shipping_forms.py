"""The forms and the list filters of shipping notices: a notice (one quantity and lot per call-off
that may be shipped), a goods receipt (per line received and rejected, with a reason)."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rantai.calloffs.models import ShippingNotice
from rantai.core.forms import StyledFormMixin
from rantai.core.lists import FilterForm, FilterSet, SearchFilter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "decimal"}


class ShippingNoticeForm(StyledFormMixin, forms.Form):
    """The notice's head, then for each call-off (``call_offs``, each with its
    ``open_quantity``) a quantity and a lot; a call-off left empty is not on the notice."""

    number = forms.CharField(label=_("Delivery note number"), max_length=60)
    shipped_on = forms.DateField(label=_("Shipped on"), widget=DATE)
    vehicle = forms.CharField(label=_("Vehicle"), max_length=60, required=False)
    driver = forms.CharField(label=_("Driver"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, call_offs=(), **kwargs):
        kwargs.setdefault("initial", {"shipped_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.call_offs = list(call_offs)
        for call_off in self.call_offs:
            self.fields[f"quantity_{call_off.pk}"] = forms.DecimalField(
                label=_("Quantity"),
                required=False,
                max_digits=14,
                decimal_places=2,
                widget=forms.TextInput(attrs=NUMBER | {"class": "form-control"}),
            )
            self.fields[f"lot_{call_off.pk}"] = forms.CharField(
                label=_("Lot"),
                max_length=60,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def rows(self):
        """Each call-off with its two fields, for the template."""
        return [(c, self[f"quantity_{c.pk}"], self[f"lot_{c.pk}"]) for c in self.call_offs]

    def lines(self) -> list[dict]:
        return [
            {
                "call_off": c,
                "quantity": self.cleaned_data[f"quantity_{c.pk}"],
                "lot": self.cleaned_data[f"lot_{c.pk}"],
            }
            for c in self.call_offs
            if self.cleaned_data.get(f"quantity_{c.pk}") is not None
        ]


class ReceiptForm(StyledFormMixin, forms.Form):
    """The goods receipt: the date, then per line of the notice what arrived (the shipped
    quantity proposed), of it what is rejected, and why."""

    received_on = forms.DateField(label=_("Received on"), widget=DATE)

    def __init__(self, *args, notice: ShippingNotice, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.notice_lines = list(notice.lines.select_related("call_off").order_by("pk"))
        for line in self.notice_lines:
            self.fields[f"received_{line.pk}"] = forms.DecimalField(
                label=_("Received"),
                max_digits=14,
                decimal_places=2,
                initial=line.quantity,
                widget=forms.TextInput(attrs=NUMBER | {"class": "form-control"}),
            )
            self.fields[f"rejected_{line.pk}"] = forms.DecimalField(
                label=_("Rejected"),
                max_digits=14,
                decimal_places=2,
                initial=Decimal("0"),
                required=False,
                widget=forms.TextInput(attrs=NUMBER | {"class": "form-control"}),
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=_("Reason for rejection"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def rows(self):
        return [
            (
                line,
                self[f"received_{line.pk}"],
                self[f"rejected_{line.pk}"],
                self[f"reason_{line.pk}"],
            )
            for line in self.notice_lines
        ]

    def lines(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "line": line,
                "received": data[f"received_{line.pk}"],
                "rejected": data.get(f"rejected_{line.pk}") or Decimal("0"),
                "reject_reason": data.get(f"reason_{line.pk}", ""),
            }
            for line in self.notice_lines
        ]


class ShippingNoticeFilterSet(FilterSet):
    q = SearchFilter(
        fields=["number", "partnership__buyer__name", "partnership__supplier__name", "vehicle"],
        placeholder=_("Number, buyer, supplier, vehicle"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ShippingNotice.Status.choices)
    shipped_from = django_filters.DateFilter(
        label=_("Shipped from"), field_name="shipped_on", lookup_expr="gte"
    )
    shipped_to = django_filters.DateFilter(
        label=_("Shipped to"), field_name="shipped_on", lookup_expr="lte"
    )

    class Meta:
        model = ShippingNotice
        form = FilterForm
        fields = ["q", "status", "shipped_from", "shipped_to", "partnership"]
