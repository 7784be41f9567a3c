"""The forms of call-offs: releasing or changing one (the buyer), a proposal (the supplier), a
reason (cancelling, rejecting a proposal), and a cooperative's move to another member."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.calloffs.models import CallOff
from rantai.core.forms import StyledFormMixin
from rantai.firms.models import Firm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CallOffForm(StyledFormMixin, forms.ModelForm):
    """The terms; the service validates them (due date, kanban arithmetic, the agreement)."""

    class Meta:
        model = CallOff
        fields = [
            "number",
            "part_number",
            "drawing_revision",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "kanban_cards",
            "card_quantity",
            "due_on",
            "window_from",
            "window_to",
            "delivery_point",
            "zone",
            "ack_hours",
        ]
        widgets = {"due_on": DATE, "window_from": TIME, "window_to": TIME}
        help_texts = {"number": _("Left empty, Rantai numbers it (CO-yymmdd-nnn).")}

    def __init__(self, *args, changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["quantity"].required = False  # a kanban pull: cards × card quantity
        if changing:
            del self.fields["number"]
            self.fields["reason"] = forms.CharField(
                label=_("Why it changes"), max_length=300, help_text=_("The supplier reads it.")
            )

    def _post_clean(self):
        """The service runs the model's checks with the rest, in one transaction."""


class ProposalForm(StyledFormMixin, forms.Form):
    quantity = forms.DecimalField(
        label=_("Proposed quantity"), min_value=Decimal("0.01"), required=False
    )
    due_on = forms.DateField(label=_("Proposed due date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Why"), max_length=300)


class AcknowledgeForm(StyledFormMixin, forms.Form):
    machine_hours = forms.DecimalField(
        label=_("Machine hours needed"),
        min_value=0,
        max_digits=8,
        decimal_places=1,
        required=False,
        help_text=_("Your estimate: it counts in the week's load against your machines."),
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MoveForm(StyledFormMixin, forms.Form):
    """The cooperative's proposal: which member, the hours it takes there, and why. The choices
    are the members shown (``moves.candidates``); the service decides whether one can take it."""

    to_firm = forms.ModelChoiceField(
        label=_("Move to"), queryset=Firm.objects.none(), widget=forms.RadioSelect
    )
    machine_hours = forms.DecimalField(
        label=_("Machine hours needed"),
        min_value=Decimal("0.1"),
        max_digits=8,
        decimal_places=1,
        help_text=_("What the call-off takes on the new member's machines."),
    )
    reason = forms.CharField(
        label=_("Why"), max_length=300, help_text=_("The buyer reads it when deciding.")
    )

    def __init__(self, *args, firms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_firm"].queryset = Firm.objects.filter(pk__in=[f.pk for f in firms])
