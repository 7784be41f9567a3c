import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from rantai.core.access import can
from rantai.core.formatting import number
from rantai.core.lists import LARGE_ONLY, NUMBER, WIDE_NUMBER, WIDE_ONLY, table_attrs
from rantai.matchmaking.models import Event, MeetingRequest, Need, Registration


class EventTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs={"td": {"class": "fw-medium"}})
    starts_on = tables.DateColumn(
        verbose_name=_("First day"), short=True, order_by=("starts_on", "name")
    )
    venue = tables.Column(verbose_name=_("Venue"), attrs=LARGE_ONLY)
    organiser = tables.Column(
        verbose_name=_("Organiser"), order_by=("organiser__name", "-starts_on"), attrs=WIDE_ONLY
    )
    participants = tables.Column(
        verbose_name=_("Participants"), order_by=("participants", "-starts_on"), attrs=WIDE_NUMBER
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "-starts_on"))

    class Meta:
        model = Event
        fields = ["name", "starts_on", "venue", "organiser", "participants", "status"]
        attrs = table_attrs("events")
        empty_text = _("No event yet.")

    def render_organiser(self, value):
        return value.name

    def render_participants(self, value):
        return number(value)

    def render_status(self, value):
        return format_html('<span class="badge text-bg-light text-wrap">{}</span>', value)


class RegistrationTable(tables.Table):
    """An event's registrations with the organiser's decisions."""

    firm = tables.Column(verbose_name=_("Firm"), order_by=("firm__name", "pk"))
    role = tables.Column(verbose_name=_("Role"), order_by=("role", "firm__name"), attrs=WIDE_ONLY)
    representative = tables.Column(verbose_name=_("Representative"), attrs=LARGE_ONLY)
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "firm__name"))
    actions = tables.TemplateColumn(
        template_name="matchmaking/_registration_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Registration
        fields = ["firm", "role", "representative", "status", "actions"]
        attrs = table_attrs("registrations", "table table-sm align-middle")
        row_attrs = {"data-testid": lambda record: f"registration-{record.pk}"}
        empty_text = _("Nobody registered yet.")

    def render_firm(self, value, record):
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            value.get_absolute_url(),
            value.name,
            record.headline,
        )

    def render_status(self, value, record):
        colour = (
            "text-bg-success"
            if record.is_approved
            else "text-bg-danger"
            if record.is_declined
            else "text-bg-warning"
        )
        badge = format_html('<span class="badge text-wrap {}">{}</span>', colour, value)
        if not record.checked_in_at:
            return badge
        return format_html('{} <span class="badge text-bg-info">{}</span>', badge, _("checked in"))


class NeedTable(tables.Table):
    """Buyers' needs: what, by whom, how much."""

    title = tables.Column(verbose_name=_("Need"), order_by=("title", "pk"))
    registration = tables.Column(
        verbose_name=_("Buyer"), order_by=("registration__firm__name", "title")
    )
    volume_per_month = tables.Column(
        verbose_name=_("Volume per month"), order_by=("volume_per_month", "title"), attrs=NUMBER
    )

    class Meta:
        model = Need
        fields = ["title", "registration", "volume_per_month"]
        attrs = table_attrs("needs")
        row_attrs = {"data-testid": lambda record: f"need-{record.pk}"}
        empty_text = _("No need posted yet.")

    def render_title(self, value, record):
        made_of = format_html_join(", ", "{}", ((p.label,) for p in record.processes.all()))
        if record.material:
            made_of = format_html("{} · {}", made_of, record.material)
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            record.get_absolute_url(),
            value,
            made_of,
        )

    def render_registration(self, value):
        return value.firm.name

    def render_volume_per_month(self, value, record):
        return f"{number(value)} {record.get_unit_display()}/{_('month')}"


class ParticipantTable(tables.Table):
    """An event's approved participants with their showcases and, for a participant, the
    buttons that ask one of them for a meeting (or say "no thanks")."""

    firm = tables.Column(verbose_name=_("Participant"), order_by=("firm__name", "pk"))
    actions = tables.TemplateColumn(
        template_name="matchmaking/_participant_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Registration
        fields = ["firm", "actions"]
        attrs = table_attrs("participants", "table align-middle")
        row_attrs = {"data-testid": lambda record: f"participant-{record.pk}"}
        empty_text = _("Nobody to show.")

    def render_firm(self, value, record):
        about = (
            format_html('<div class="small">{}</div>', Truncator(record.about).chars(220))
            if record.about
            else ""
        )
        return format_html(
            '<a href="{}"><strong>{}</strong></a> <span class="badge text-bg-light">{}</span>'
            '<div class="small text-body-secondary">{}</div>{}',
            value.get_absolute_url(),
            value.name,
            record.get_role_display(),
            record.headline,
            about,
        )


class MeetingRequestTable(tables.Table):
    """Meeting requests; the firm asked answers a waiting one here."""

    requester = tables.Column(verbose_name=_("From"), order_by=("requester__firm__name", "pk"))
    recipient = tables.Column(verbose_name=_("To"), order_by=("recipient__firm__name", "pk"))
    interest = tables.Column(
        verbose_name=_("Interest"), order_by=("-interest", "created_at"), attrs=WIDE_ONLY
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "-interest"))

    class Meta:
        model = MeetingRequest
        fields = ["requester", "recipient", "interest", "status"]
        attrs = table_attrs("requests", "table table-sm align-middle")
        row_attrs = {"data-testid": lambda record: f"request-{record.pk}"}
        empty_text = _("None yet.")

    def render_requester(self, value, record):
        need = format_html('<div class="small">{}</div>', record.need.title) if record.need else ""
        message = (
            format_html('<div class="small fst-italic">{}</div>', record.message)
            if record.message
            else ""
        )
        return format_html("<strong>{}</strong>{}{}", value.firm.name, need, message)

    def render_recipient(self, value):
        return format_html("<strong>{}</strong>", value.firm.name)

    def render_status(self, record):
        return render_to_string(
            "matchmaking/_request_status.html",
            {"r": record, "may_answer": can(self.request.user, "answer", record)},
            self.request,
        )
