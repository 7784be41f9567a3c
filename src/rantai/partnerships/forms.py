from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from rantai.accounts.actors import actor_for
from rantai.accounts.models import Membership, Role
from rantai.core.access import can, unsaved_copy
from rantai.core.forms import StyledFormMixin
from rantai.firms.models import Firm
from rantai.partnerships.models import (
    Band,
    Criterion,
    Document,
    OrderLine,
    Partnership,
    Scorecard,
    SupplyLink,
)


class PartnershipForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "supplier",
            "buyer",
            "kind",
            "tier",
            "scope",
            "estimated_value",
            "starts_on",
            "ends_on",
            "number",
            "signed_on",
            "signed_place",
            "cooperative",
            "facilitators",
            "program",
            "officer",
            "share_performance",
        ]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "supplier": forms.Select(attrs={"data-searchable": "true"}),
            "buyer": forms.Select(attrs={"data-searchable": "true"}),
            "facilitators": forms.SelectMultiple(attrs={"data-searchable": "true"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        alive = Firm.objects.alive().order_by("name")
        self.fields["supplier"].queryset = alive.filter(kind=Firm.Kind.IKM)
        self.fields["buyer"].queryset = alive.filter(kind__in=[Firm.Kind.LARGE, Firm.Kind.IKM])
        self.fields["cooperative"].queryset = alive.filter(kind=Firm.Kind.COOPERATIVE)
        self.fields["facilitators"].queryset = alive.filter(
            kind__in=[Firm.Kind.AGENCY, Firm.Kind.FOUNDATION, Firm.Kind.ASSOCIATION]
        )
        officers = Membership.objects.active().filter(role=Role.OFFICER).values("user_id")
        self.fields["officer"].queryset = self.fields["officer"].queryset.filter(pk__in=officers)
        self.user = user

    def clean(self):
        """The rule is asked again of the agreement as it will be saved: a firm records only
        agreements it is party to, and nobody moves an agreement out of his reach."""
        data = super().clean()
        if data.get("supplier") and data.get("buyer"):
            action = "add" if self.instance.pk is None else "change"
            if not can(self.user, action, unsaved_copy(self.instance, data)):
                raise forms.ValidationError(
                    _("You can only record agreements your own firm is party to.")
                )
        return data


class WitnessForm(StyledFormMixin, forms.Form):
    position = forms.CharField(label=_("Position"), max_length=250, required=False)
    institution = forms.CharField(label=_("Institution"), max_length=250, required=False)
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("institution")) and not data.get("position"):
            self.add_error("position", _("Give the witness's position."))
        if data.get("position") and not data.get("institution"):
            self.add_error("institution", _("Give the witness's institution."))
        return data


WitnessFormSet = formset_factory(WitnessForm, extra=2, max_num=8)


class DocumentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Partnership.Status.choices)
    reason = forms.CharField(required=False, widget=forms.Textarea)


class LinkForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupplyLink
        fields = ["buyer", "supplier", "tier", "commodity"]
        widgets = {
            "buyer": forms.Select(attrs={"data-searchable": "true"}),
            "supplier": forms.Select(attrs={"data-searchable": "true"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        alive = Firm.objects.alive().filter(kind__in=[Firm.Kind.LARGE, Firm.Kind.IKM])
        buyers = alive
        if not can(user, "add", SupplyLink()):  # not for any buyer: for the firms the rule allows
            own = actor_for(user).org_ids
            buyers = alive.filter(
                pk__in=[pk for pk in own if can(user, "add", SupplyLink(buyer_id=pk))]
            )
        self.fields["buyer"].queryset = buyers.order_by("name")
        self.fields["supplier"].queryset = alive.order_by("name")

    def validate_unique(self):
        """An existing link is updated by services.save_link, not refused as a duplicate."""


class OrderForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=60)
    ordered_on = forms.DateField(
        label=_("Order date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrderLineForm(StyledFormMixin, forms.Form):
    part = forms.CharField(label=_("Part"), max_length=200, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=Decimal("0.01"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=OrderLine.Unit.choices, initial="pcs")
    unit_price = forms.DecimalField(label=_("Unit price (Rp)"), min_value=0, required=False)
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        filled = [
            data.get(k) not in (None, "") for k in ("part", "quantity", "unit_price", "due_on")
        ]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Fill in part, quantity, unit price and due date."))
        data["empty"] = not any(filled)
        return data


OrderLineFormSet = formset_factory(OrderLineForm, extra=3, max_num=50)


class DeliveryForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivery date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    quantity = forms.DecimalField(label=_("Received"), min_value=Decimal("0.01"))
    rejected = forms.DecimalField(label=_("Rejected"), min_value=0, required=False, initial=0)
    reject_reason = forms.CharField(label=_("Reason for rejection"), max_length=200, required=False)


class ScorecardForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Scorecard
        fields = ["name", "period", "sop_template"]


class CriterionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["measure", "weight", "full_at", "zero_at"]


class BaseCriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum(f.cleaned_data["weight"] for f in kept)
        if total != 100:
            raise forms.ValidationError(
                _("The weights add up to %(total)d; they must add up to 100.") % {"total": total}
            )
        measures = [f.cleaned_data["measure"] for f in kept]
        if len(set(measures)) != len(measures):
            raise forms.ValidationError(_("Each measure can be used once."))


class BandForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Band
        fields = ["name", "min_score", "colour", "meaning"]
        widgets = {"meaning": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.code:  # a default band, shown as the reader reads it
            self.initial["name"] = str(self.instance.label)
            self.initial["meaning"] = str(self.instance.description)

    def save(self, commit=True):
        if {"name", "meaning"} & set(self.changed_data):
            self.instance.code = ""  # renamed: the buyer's own words from now on
        return super().save(commit)


class BaseBandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        bounds = [f.cleaned_data["min_score"] for f in kept]
        if not kept:
            raise forms.ValidationError(_("Give at least one band."))
        if len(set(bounds)) != len(bounds):
            raise forms.ValidationError(_("Two bands cannot start at the same score."))
        if min(bounds) != 0:
            raise forms.ValidationError(
                _("The lowest band must start at 0, so every score has a band.")
            )


CriterionFormSet = forms.inlineformset_factory(
    Scorecard, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)
BandFormSet = forms.inlineformset_factory(
    Scorecard, Band, form=BandForm, formset=BaseBandFormSet, extra=1, can_delete=True
)
