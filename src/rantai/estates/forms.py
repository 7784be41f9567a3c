from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import StyledFormMixin
from rantai.estates.models import Application, Unit
from rantai.firms.models import Firm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LeaseForm(StyledFormMixin, forms.Form):
    tenant = forms.ModelChoiceField(
        label=_("Tenant"),
        queryset=Firm.objects.none(),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    units = forms.ModelMultipleChoiceField(label=_("Units"), queryset=Unit.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    ends_on = forms.DateField(label=_("Ends on"), **DATE)
    monthly_fee = forms.DecimalField(
        label=_("Monthly fee (retribusi, Rp)"), min_value=0, decimal_places=0
    )
    deposit = forms.DecimalField(label=_("Deposit (Rp)"), min_value=0, decimal_places=0, initial=0)
    number = forms.CharField(label=_("Agreement number"), max_length=80, required=False)
    terms = forms.CharField(
        label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, estate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].queryset = (
            Firm.objects.alive()
            .filter(kind__in=[Firm.Kind.IKM, Firm.Kind.COOPERATIVE])
            .order_by("name")
        )
        self.fields["units"].queryset = Unit.objects.filter(estate=estate).exclude(
            status=Unit.Status.MAINTENANCE
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The lease must end after it starts."))
        return data


class PaymentForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), **DATE)
    amount = forms.DecimalField(label=_("Amount (Rp)"), min_value=1, decimal_places=0)
    reference = forms.CharField(
        label=_("Receipt or transfer number"), max_length=80, required=False
    )


class EndLeaseForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Last day"), **DATE)
    reason = forms.CharField(label=_("Reason"), max_length=250, required=False)
    terminated = forms.BooleanField(label=_("Terminated early (needs a reason)"), required=False)


class RenewForm(StyledFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("New end date"), **DATE)
    monthly_fee = forms.DecimalField(
        label=_("Monthly fee (Rp)"), min_value=0, decimal_places=0, required=False
    )


class ApplicationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["firm", "kbli", "wanted_type", "applied_on", "note"]
        widgets = {
            "applied_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "firm": forms.Select(attrs={"data-searchable": "true"}),
            "kbli": forms.Select(attrs={"data-searchable": "true"}),
        }

    def __init__(self, *args, estate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = (
            Firm.objects.alive().filter(kind=Firm.Kind.IKM).order_by("name")
        )
        self.fields["wanted_type"].queryset = estate.unit_types.all()


class UnitStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Unit.Status.VACANT, Unit.Status.VACANT.label),
            (Unit.Status.MAINTENANCE, Unit.Status.MAINTENANCE.label),
        ]
    )
    note = forms.CharField(max_length=250, required=False)
