from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rantai.accounts.actors import actor_for
from rantai.accounts.models import Role, User
from rantai.core.access import can, restrict
from rantai.core.forms import StyledFormMixin
from rantai.core.uploads import validate_image
from rantai.firms.models import Firm
from rantai.five_r import outbox
from rantai.five_r.models import (
    Activity,
    Attendance,
    Audit,
    AuditTemplate,
    CorrectiveAction,
    Photo,
    Program,
    RedTag,
)
from rantai.five_r.photos import MAX_UPLOAD_BYTES
from rantai.five_r.scopes import program_organisers, program_participants, program_regions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Photos are FileFields checked by ``validate_image``, which reads the header only; Django's
# ImageField would first open the picture itself and answer a picture bomb with a vaguer error.
PHOTO_INPUT = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})


def mentor_choices(also=None):
    """People with a mentor role (and ``also``, e.g. the officer filling the form)."""
    mentors = Q(memberships__role=Role.MENTOR, memberships__is_active=True)
    if also is not None:
        mentors |= Q(pk=also.pk)
    return User.objects.filter(mentors).distinct().order_by("first_name", "username")


def latest_templates():
    """The newest version of every checklist."""
    latest = {}
    for template in AuditTemplate.objects.order_by("code", "-version"):
        latest.setdefault(template.code, template.pk)
    return AuditTemplate.objects.filter(pk__in=latest.values())


class ProgramForm(StyledFormMixin, forms.ModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participant firms"),
        queryset=Firm.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "true"}),
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "organiser",
            "region",
            "starts_on",
            "ends_on",
            "template",
            "indicator_set",
            "mentors",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "mentors": forms.SelectMultiple(attrs={"data-searchable": "true"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        actor = actor_for(user)
        self.fields["organiser"].queryset = program_organisers(actor)
        self.fields["region"].queryset = program_regions(actor)
        self.fields["template"].queryset = latest_templates()
        self.fields["mentors"].queryset = mentor_choices()
        self.fields["participants"].queryset = program_participants(user)
        if self.instance.pk:
            self.fields["participants"].initial = self.instance.participants.all()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("A program cannot end before it starts."))
        return cleaned


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "firm",
            "mentor",
            "agenda",
        ]
        widgets = {
            "date": DATE,
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.fields["firm"].queryset = program.participants.all()
        self.fields["mentor"].queryset = program.mentors.all()

    def clean(self):
        cleaned = super().clean()
        program = self.instance.program
        day = cleaned.get("date")
        if day and not program.starts_on <= day <= program.ends_on:
            self.add_error(
                "date",
                _("The date must fall within the program (%(start)s – %(end)s).")
                % {"start": program.starts_on, "end": program.ends_on},
            )
        if cleaned.get("kind") == Activity.Kind.FIELD_VISIT and not cleaned.get("firm"):
            self.add_error("firm", _("Say which firm the visit is to."))
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The activity must end after it starts."))
        return cleaned


class AttendanceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["present", "people", "names"]


class AuditStartForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Audit
        fields = ["program", "firm", "area", "phase", "date", "template", "auditors"]
        widgets = {
            "date": DATE,
            "auditors": forms.SelectMultiple(attrs={"data-searchable": "true"}),
            "firm": forms.Select(attrs={"data-searchable": "true"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The programs whose audits he may start: officers of their remit, their mentors.
        self.fields["program"].queryset = restrict(Program.objects.all(), user, "work_on")
        self.fields["template"].queryset = latest_templates()
        self.fields["template"].required = False
        self.fields["template"].help_text = _("Empty: the program's checklist.")
        self.fields["auditors"].queryset = mentor_choices(also=user)
        self.fields["auditors"].required = False
        firms = Firm.objects.restrict(user, "view").filter(kind=Firm.Kind.IKM)
        self.fields["firm"].queryset = firms

    def clean(self):
        cleaned = super().clean()
        firm, program = cleaned.get("firm"), cleaned.get("program")
        if not cleaned.get("template"):
            cleaned["template"] = program.template if program else latest_templates().first()
        if firm and program and not program.participations.filter(firm=firm).exists():
            self.add_error("firm", _("This firm does not take part in the program."))
        elif firm and not program and not can(self.user, "change", firm):
            # Without a program: those who may change the firm (its owners, its officers).
            self.add_error("program", _("Choose the program this audit belongs to."))
        if firm and program and not can(self.user, "work_on", program):
            self.add_error("program", _("You do not mentor this program."))
        return cleaned


class PhotoForm(StyledFormMixin, forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=PHOTO_INPUT,
        validators=[validate_image],
        help_text=_("From the camera or the gallery; at most %(size)d MB.")
        % {"size": MAX_UPLOAD_BYTES // 2**20},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in Photo.Kind.choices if c[0] != Photo.Kind.CLOSING],
        initial=Photo.Kind.BEFORE,
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class CorrectionForm(StyledFormMixin, forms.Form):
    score = forms.TypedChoiceField(label=_("Score"), coerce=int, required=False, empty_value=None)
    not_applicable = forms.BooleanField(label=_("Not applicable"), required=False)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", "—")] + [
            (n, f"{n} · {label}") for n, label in template.scale()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("score") is None and not cleaned.get("not_applicable"):
            self.add_error("score", _("Give a score or mark the item not applicable."))
        return cleaned


class ActionForm(StyledFormMixin, forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo of the result"),
        required=False,
        widget=PHOTO_INPUT,
        validators=[validate_image],
    )

    class Meta:
        model = CorrectiveAction
        fields = ["status", "action", "owner", "due_on", "closing_note"]
        widgets = {
            "due_on": DATE,
            "action": forms.Textarea(attrs={"rows": 2}),
            "closing_note": forms.Textarea(attrs={"rows": 2}),
        }


class RedTagForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RedTag
        fields = [
            "area",
            "thing",
            "quantity",
            "reason",
            "decision",
            "decided_by",
            "decided_on",
            "tagged_on",
        ]
        widgets = {"decided_on": DATE, "tagged_on": DATE}

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and decision != RedTag.Decision.PENDING and not cleaned.get("decided_by"):
            self.add_error("decided_by", _("Say who decided."))
        return cleaned


class ImportChecklistForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Checklist file"),
        help_text=_("A .json or .xlsx file exported from Rantai, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("Upload a .json or .xlsx file."))
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class OutboxImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Outbox file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The .json file the 5R capture app exported with the answers and photos it could "
            "not send, at most %(size)d MB."
        ) % {"size": outbox.MAX_FILE_BYTES // 2**20}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        outbox.validate_upload(upload)
        return upload


class OutcomeForm(StyledFormMixin, forms.Form):
    """The outcome indicators of one visit: a field per value, one per sample where an indicator
    is measured several times (the first named by the indicator's code, so its errors land
    there). The hidden ``measured_version`` is the latest measurement's time when the form was
    opened: if another mentor saved meanwhile, the form says so rather than overwrite."""

    measured_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicators, measurements, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        current = {m.indicator_id: m for m in measurements}
        self.latest = max((m.updated_at for m in measurements), default=None)
        self.fields["measured_version"].initial = self.version_of(self.latest)
        self.groups = []
        for indicator in indicators:
            measurement = current.get(indicator.pk)
            old = (measurement.samples or [measurement.value]) if measurement else []
            names = []
            for index in range(indicator.samples):
                name = indicator.code if index == 0 else f"{indicator.code}-{index}"
                label = indicator.label
                if indicator.samples > 1:
                    label = _("%(indicator)s, measurement %(n)d") % {
                        "indicator": indicator.label,
                        "n": index + 1,
                    }
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    initial=old[index] if index < len(old) else "",
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "class": "form-control", "size": 8}
                    ),
                )
                names.append(name)
            self.groups.append((indicator, [self[name] for name in names]))

    @staticmethod
    def version_of(stamp) -> str:
        return f"{stamp.timestamp():.6f}" if stamp else ""

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix("measured_version"), "") != self.version_of(self.latest):
            self.data = self.data.copy()
            self.data[self.add_prefix("measured_version")] = self.version_of(self.latest)
            raise forms.ValidationError(
                _(
                    "Someone else changed these measurements while you were editing them. Check "
                    "the values below and save again to keep yours."
                ),
                code="changed_meanwhile",
            )
        return cleaned

    def values(self) -> dict[str, list]:
        """What was typed, per indicator code, for ``outcomes.record``."""
        return {
            indicator.code: [self.cleaned_data.get(field.name, "").strip() for field in fields]
            for indicator, fields in self.groups
        }
