import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import NUMBER, WIDE_ONLY, table_attrs
from rantai.five_r.models import Audit, AuditTemplate, CorrectiveAction, Program

SCORE = (
    "{% load five_r %}{% if record.is_draft %}—{% else %}"
    '<span class="badge text-bg-{{ record.overall_score|score_class }}">'
    "{{ record.overall_score|pct }}</span>{% endif %}"
)
FINDING = (
    '<a href="{{ record.get_absolute_url }}">{{ record.title|truncatechars:110 }}</a>'
    '<div class="small text-body-secondary">{{ record.audit.firm }}'
    "{% if record.owner %} · {{ record.owner }}{% endif %}</div>"
)
ACTION_STATUS = (
    "{% load i18n %}{% if record.is_done %}"
    '<span class="badge text-bg-success">{{ record.get_status_display }}</span>'
    '{% elif record.is_overdue %}<span class="badge text-bg-danger">{% translate "overdue" %}'
    '</span>{% else %}<span class="badge text-bg-warning">{{ record.get_status_display }}'
    "</span>{% endif %}"
)


class ProgramTable(tables.Table):
    name = tables.Column(verbose_name=_("Program"), order_by=("name", "pk"))
    starts_on = tables.Column(verbose_name=_("Period"), order_by=("starts_on", "pk"))
    organiser = tables.Column(
        verbose_name=_("Organiser"), order_by=("organiser__name", "pk"), attrs=WIDE_ONLY
    )
    firms = tables.Column(verbose_name=_("Firms"), order_by=("firms", "pk"), attrs=NUMBER)

    class Meta:
        model = Program
        fields = ["name", "starts_on", "organiser", "firms"]
        order_by = ["-starts_on"]
        attrs = table_attrs("programs")
        empty_text = _("No program yet.")

    def render_name(self, value, record):
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            record.get_absolute_url(),
            value,
            record.region,
        )

    def render_starts_on(self, value, record):
        return (
            f"{date_format(value, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(record.ends_on, 'SHORT_DATE_FORMAT')}"
        )


class ChecklistTable(tables.Table):
    """Checklists by code, the newest version first."""

    name = tables.Column(verbose_name=_("Checklist"), order_by=("code", "-version"))
    version = tables.Column(verbose_name=_("Version"), order_by=("version", "code"))
    items = tables.Column(verbose_name=_("Items"), order_by=("items", "pk"), attrs=NUMBER)
    used = tables.Column(verbose_name=_("Used by audits"), order_by=("used", "pk"), attrs=NUMBER)

    class Meta:
        model = AuditTemplate
        fields = ["name", "version", "items", "used"]
        order_by = ["name"]
        attrs = table_attrs("checklists")
        empty_text = _("No checklist yet.")

    def render_name(self, record):
        return format_html(
            '<a href="{}">{}</a> <code class="small">{}</code>',
            record.get_absolute_url(),
            record.label,
            record.code,
        )


class AuditTable(tables.Table):
    firm = tables.Column(verbose_name=_("Firm"), order_by=("firm__name", "-date", "-pk"))
    date = tables.DateColumn(verbose_name=_("Date"), short=True, order_by=("date", "pk"))
    area = tables.Column(verbose_name=_("Area"), attrs=WIDE_ONLY)
    phase = tables.Column(verbose_name=_("Phase"))
    overall_score = tables.TemplateColumn(
        SCORE, verbose_name=_("Score"), order_by=("overall_score", "pk"), attrs=NUMBER
    )

    class Meta:
        model = Audit
        fields = ["firm", "date", "area", "phase", "overall_score"]
        order_by = ["-date"]
        attrs = table_attrs("audits")
        row_attrs = {"data-testid": lambda record: f"audit-{record.pk}"}
        empty_text = _("No audit you may see.")

    def render_firm(self, value, record):
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        if not record.is_draft:
            return link
        return format_html('{} <span class="badge text-bg-warning">{}</span>', link, _("draft"))


class ActionTable(tables.Table):
    """Corrective actions, the ones in progress first, then by the day they are due (the
    model's order)."""

    finding = tables.TemplateColumn(FINDING, verbose_name=_("Finding"), orderable=False)
    due_on = tables.Column(verbose_name=_("Due"), order_by=("due_on", "pk"))
    status = tables.TemplateColumn(
        ACTION_STATUS, verbose_name=_("Status"), order_by=("status", "due_on", "pk")
    )

    class Meta:
        model = CorrectiveAction
        fields = ["finding", "due_on", "status"]
        order_by = ["status"]
        attrs = table_attrs("actions")
        row_attrs = {"data-testid": lambda record: f"action-{record.pk}"}
        empty_text = _("Nothing here.")

    def render_due_on(self, value):
        return date_format(value, "DATE_FORMAT")
