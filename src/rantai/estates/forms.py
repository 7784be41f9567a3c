from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import StyledFormMixin
from rantai.core.uploads import validate_image
from rantai.estates import assets
from rantai.estates.models import Application, Asset, Maintenance, Unit
from rantai.firms.models import Firm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATETIME = {
    "widget": forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": 900}, format="%Y-%m-%dT%H:%M"
    )
}


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


class AssetForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Asset
        fields = [
            "name",
            "kind",
            "funding",
            "fiscal_year",
            "cost",
            "quantity",
            "condition",
            "bookable",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # After the first save the condition follows the condition checks.
            del self.fields["condition"]


class CheckForm(StyledFormMixin, forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), **DATE)
    condition = forms.ChoiceField(label=_("Condition"), choices=Asset.Condition.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was found, where, and what it needs."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        validators=[validate_image],
    )


class MaintenanceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Maintenance
        fields = ["done_on", "description", "cost", "done_by"]
        widgets = {
            "done_on": DATE["widget"],
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class BookingForm(StyledFormMixin, forms.Form):
    asset = forms.ModelChoiceField(label=_("Facility"), queryset=Asset.objects.none())
    firm = forms.ModelChoiceField(
        label=_("For the firm"),
        queryset=Firm.objects.none(),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    starts_at = forms.DateTimeField(label=_("From"), **DATETIME)
    ends_at = forms.DateTimeField(label=_("Until"), **DATETIME)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)

    def __init__(self, *args, estate, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = estate.assets.filter(bookable=True).order_by("name")
        firms = assets.firms_for_booking(user, estate)
        self.fields["firm"].queryset = firms
        if not self.is_bound and len(mine := list(firms[:2])) == 1:
            self.initial.setdefault("firm", mine[0].pk)
