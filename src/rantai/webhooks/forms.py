from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import StyledFormMixin
from rantai.webhooks.models import Endpoint, Event


class EndpointForm(StyledFormMixin, forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this address is told about."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "events", "description", "active"]
        help_texts = {
            "url": _("Your system's address that receives the events (https)."),
            "active": _("An inactive endpoint is sent nothing."),
        }
