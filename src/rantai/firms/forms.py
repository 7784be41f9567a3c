from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import StyledFormMixin
from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    Machine,
    RawMaterial,
)
from rantai.firms.validators import digits_only
from rantai.reference.models import Kbli, Process, Region


class DigitsField(forms.CharField):
    """Accepts numbers written with dots, dashes and spaces (01.234.567.8-901.000) and keeps the
    digits. Anything else is an error, never silently dropped: "CV Logam" must not clear a NIB."""

    SEPARATORS = frozenset(" .-/")

    def to_python(self, value):
        value = super().to_python(value)
        if value and any(not (ch.isdigit() or ch in self.SEPARATORS) for ch in value):
            raise forms.ValidationError(
                _("Only digits, with dots, dashes or spaces between them."), code="digits"
            )
        return digits_only(value)


class RegionChainMixin:
    """Province → regency → district → village selects that narrow level by level.

    Each level's choices are the children of the level above as submitted, so a village that
    is not in the chosen district is rejected like any invalid choice, and a page never renders
    the 80,000 villages of the country. ``static/core/rantai.js`` refills the selects as the user
    picks, and offers a search by name across all levels.
    """

    region_fields = ("province", "regency", "district", "village")

    def _setup_region_chain(self):
        parent = None
        for level, name in enumerate(self.region_fields, start=1):
            field = self.fields[name]
            if level == 1:
                field.queryset = Region.objects.filter(level=1).order_by("name")
            else:
                field.queryset = (
                    Region.objects.filter(parent_id=parent).order_by("name")
                    if parent
                    else Region.objects.none()
                )
            field.widget.attrs.update(
                {"data-region-level": level, "data-region-chain": self.prefix or "firm"}
            )
            parent = self._chosen(name)

    def _chosen(self, name: str) -> str | None:
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        value = self.initial.get(name)
        return getattr(value, "pk", value) or None


class FirmForm(RegionChainMixin, StyledFormMixin, forms.ModelForm):
    kbli = forms.ModelMultipleChoiceField(
        label=_("KBLI codes"),
        queryset=Kbli.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "true"}),
        help_text=_("KBLI 2020 business activity codes (5 digits)."),
    )

    class Meta:
        model = Firm
        fields = [
            "kind",
            "name",
            "nib",
            "npwp",
            "kbli",
            "description",
            "street_address",
            "province",
            "regency",
            "district",
            "village",
            "postal_code",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "year_founded",
            "workforce",
            "investment",
            "annual_sales",
            "annual_capacity",
            "capacity_unit",
        ]
        field_classes = {"nib": DigitsField, "npwp": DigitsField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 13}),
            "npwp": forms.TextInput(attrs={"inputmode": "numeric"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_region_chain()
        self.fields["district"].required = True
        self.fields["village"].required = True

    def clean_nib(self):
        return self.cleaned_data["nib"] or None

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        if cleaned.get("annual_capacity") and not cleaned.get("capacity_unit"):
            self.add_error("capacity_unit", _("Say in which unit the capacity is counted."))
        return cleaned


class FirmPartForm(StyledFormMixin, forms.ModelForm):
    """A form for something a firm has; the firm comes from the page, not from the user."""

    def __init__(self, *args, firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.firm = firm

    def _get_validation_exclusions(self):
        # Validate constraints that involve the firm (one capability per process, …) here,
        # with a clear message, instead of failing at the database.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("firm")
        return exclusions


class CapabilityForm(FirmPartForm):
    class Meta:
        model = Capability
        fields = ["process", "materials", "tolerance", "in_house", "notes"]
        widgets = {"materials": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(
            parent__isnull=False
        ).select_related("parent")


class MachineForm(FirmPartForm):
    class Meta:
        model = Machine
        fields = ["name", "process", "count", "capacity", "brand", "year_made"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(
            parent__isnull=False
        ).select_related("parent")


class CertificationForm(FirmPartForm):
    class Meta:
        model = Certification
        fields = ["scheme", "title", "number", "issuer", "issued_on", "expires_on"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("A certificate cannot expire before it was issued."))
        return cleaned


class ContactForm(FirmPartForm):
    class Meta:
        model = Contact
        fields = ["position", "name", "phone", "email", "is_primary"]


class CooperativeMembershipForm(FirmPartForm):
    class Meta:
        model = CooperativeMembership
        fields = ["cooperative", "member_number", "joined_on", "left_on"]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cooperative") and cleaned["cooperative"].pk == self.instance.firm.pk:
            self.add_error("cooperative", _("A cooperative cannot be a member of itself."))
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("A member cannot leave before joining."))
        return cleaned


class IndustryYearForm(FirmPartForm):
    class Meta:
        model = IndustryYear
        fields = [
            "year",
            "investment",
            "product",
            "installed_capacity",
            "capacity_unit",
            "production",
            "production_value",
            "workers_male",
            "workers_female",
            "workers_foreign",
            "electricity_kwh",
            "fuel_litres",
            "lpg_kg",
            "natural_gas_m3",
            "other_energy",
        ]


class RawMaterialForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RawMaterial
        fields = ["name", "origin", "quantity", "unit", "value"]


RawMaterialFormSet = forms.inlineformset_factory(
    IndustryYear, RawMaterial, form=RawMaterialForm, extra=3, max_num=50, can_delete=True
)


class SiinasExportForm(RegionChainMixin, StyledFormMixin, forms.Form):
    """The year and region of a SIINas export; the region narrows the firms the user may see
    privately (their remit), it never widens it."""

    region_fields = ("province", "regency", "district")

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Region.objects.none())
    regency = forms.ModelChoiceField(
        label=_("Regency/city"), queryset=Region.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=Region.objects.none(), required=False
    )
    format = forms.ChoiceField(
        label=_("File"),
        choices=[("xlsx", _("XLSX workbook (firms, raw materials, machines)")), ("csv", "CSV")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_region_chain()

    def query(self) -> str:
        """The chosen region as a query of the firm list's FilterSet."""
        query = QueryDict(mutable=True)
        for name in self.region_fields:
            if self.cleaned_data.get(name):
                query[name] = self.cleaned_data[name].pk
        return query.urlencode()
