from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from rantai.core.access import can, unsaved_copy
from rantai.core.forms import StyledFormMixin
from rantai.core.uploads import validate_matches_name
from rantai.firms.models import Certification, Firm
from rantai.matchmaking.models import (
    Event,
    Interest,
    Need,
    Outcome,
    Registration,
    Session,
    SurveyResponse,
)
from rantai.reference.models import Process, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "organiser",
            "venue",
            "region",
            "starts_on",
            "ends_on",
            "registration_opens",
            "registration_closes",
            "tables",
            "slot_minutes",
            "status",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "registration_opens": DATE,
            "registration_closes": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisations the user may make (or move) the event for, as the rule says.
        action = "change" if self.instance.pk else "add"
        organisers = Firm.objects.alive().filter(kind__in=Firm.ORGANISER_KINDS)
        allowed = [
            pk
            for pk in organisers.values_list("pk", flat=True)
            if can(user, action, unsaved_copy(self.instance, {"organiser_id": pk}))
        ]
        self.fields["organiser"].queryset = organisers.filter(pk__in=allowed)
        self.fields["region"].queryset = Region.objects.filter(level__lte=2).order_by("code")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("An event cannot end before it starts."))
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Registration cannot close before it opens."))
        return cleaned


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["name", "date", "starts_at", "ends_at"]
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_at")
            and cleaned.get("ends_at")
            and cleaned["ends_at"] <= cleaned["starts_at"]
        ):
            self.add_error("ends_at", _("A session must end after it starts."))
        event = self.instance.event if self.instance.event_id else None
        day = cleaned.get("date")
        if event and day and not event.starts_on <= day <= event.ends_on:
            self.add_error("date", _("The date must fall within the event."))
        return cleaned


SessionFormSet = inlineformset_factory(Event, Session, form=SessionForm, extra=1, can_delete=True)


class RegistrationForm(StyledFormMixin, forms.ModelForm):
    firm = forms.ModelChoiceField(label=_("Firm"), queryset=Firm.objects.none())

    class Meta:
        model = Registration
        fields = ["firm", "role", "representative", "email", "phone", "headline", "about"]
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms
        if firms.count() == 1:
            self.fields["firm"].initial = firms.first()


class AvailabilityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["unavailable", "headline", "about"]
        widgets = {
            "unavailable": forms.CheckboxSelectMultiple,
            "about": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unavailable"]
        field.queryset = self.instance.event.slots.select_related("session")
        field.help_text = _("Tick the times you cannot attend.")
        field.template_name = "matchmaking/_availability.html"

    def sessions(self):
        """The slots' checkboxes by session, each with its slot: what the page groups by day and
        session (the field and the data sent stay one list of slots)."""
        slots = {slot.pk: slot for slot in self.fields["unavailable"].queryset}
        groups: dict = {}
        for box in self["unavailable"]:
            slot = slots[box.data["value"].value]
            groups.setdefault(slot.session, []).append((slot, box))
        return list(groups.items())


class NeedForm(StyledFormMixin, forms.ModelForm):
    certifications = forms.MultipleChoiceField(
        label=_("Certifications"),
        choices=Certification.Scheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = forms.FileField(
        label=_("Drawings or specifications"),
        required=False,
        help_text=_("PDF, image or CAD file, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.dwg,.dxf,.step,.stp"}
        ),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "processes",
            "material",
            "tolerance",
            "volume_per_month",
            "unit",
            "certifications",
            "certification_required",
            "delivery_region",
            "target_start",
        ]
        widgets = {
            "processes": forms.SelectMultiple(attrs={"data-searchable": "true"}),
            "target_start": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    ALLOWED = (".pdf", ".png", ".jpg", ".jpeg", ".dwg", ".dxf", ".step", ".stp")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["processes"].queryset = Process.objects.filter(
            parent__isnull=False
        ).select_related("parent")
        self.fields["delivery_region"].queryset = Region.objects.filter(level__lte=2).order_by(
            "code"
        )

    def clean_files(self):
        upload = self.cleaned_data.get("files")
        if upload:
            if not upload.name.lower().endswith(self.ALLOWED):
                raise forms.ValidationError(_("Attach a PDF, an image or a CAD file."))
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
            validate_matches_name(upload)
        return upload


class RequestForm(StyledFormMixin, forms.Form):
    interest = forms.TypedChoiceField(
        label=_("Interest"), choices=Interest.choices, coerce=int, initial=Interest.WOULD_LIKE
    )
    message = forms.CharField(label=_("Message"), max_length=300, required=False)


class MoveForm(StyledFormMixin, forms.Form):
    slot = forms.ModelChoiceField(label=_("Time"), queryset=None)
    table = forms.IntegerField(label=_("Table"), min_value=1)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.all()
        self.fields["table"].max_value = event.tables
        self.fields["table"].widget.attrs["max"] = event.tables


class OutcomeForm(StyledFormMixin, forms.ModelForm):
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=300,
        required=False,
        help_text=_("What you will do next, e.g. send drawings."),
    )
    due_on = forms.DateField(label=_("Follow-up due on"), required=False, widget=DATE)

    class Meta:
        model = Outcome
        fields = ["stage", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class SurveyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = ["result", "partners", "value", "comments"]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
