import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import AccessRequest, Invitation, Membership
from rantai.core.lists import WIDE_ONLY, table_attrs


class MembershipTable(tables.Table):
    """An organisation's members, active first; the manager removes anyone but himself."""

    user = tables.Column(verbose_name=_("Person"), order_by=("user__username",))
    role = tables.TemplateColumn(
        template_name="accounts/_membership_role.html", verbose_name=_("Role")
    )
    remove = tables.TemplateColumn(
        template_name="accounts/_membership_remove.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Membership
        fields = ["user", "role", "remove"]
        attrs = table_attrs("members", "table table-sm align-middle")
        row_attrs = {"class": lambda record: "" if record.is_active else "text-body-secondary"}
        empty_text = _("Nobody matches these filters.")

    def render_user(self, value):
        return format_html(
            '{}<div class="small text-body-secondary text-break">{}</div>', value, value.email
        )


class InvitationTable(tables.Table):
    """Invitations not accepted yet, open or expired."""

    email = tables.Column(verbose_name=_("Email"))
    role = tables.Column(verbose_name=_("Role"))
    expires_at = tables.Column(verbose_name=_("Open until"))

    class Meta:
        model = Invitation
        fields = ["email", "role", "expires_at"]
        order_by = ["expires_at"]
        attrs = table_attrs("invitations", "table table-sm align-middle small")

    def render_expires_at(self, value, record):
        if not record.is_open:
            return _("expired")
        return date_format(timezone.localtime(value), "DATE_FORMAT")


class AccessRequestTable(tables.Table):
    """Access requests for their reviewers, newest first; each opens the page that decides it."""

    name = tables.Column(verbose_name=_("Person"), linkify=True)
    role = tables.Column(verbose_name=_("Role sought"), attrs=WIDE_ONLY)
    region = tables.Column(verbose_name=_("Region"), attrs=WIDE_ONLY, order_by=("region__name",))
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.Column(verbose_name=_("Received"), attrs=WIDE_ONLY)

    class Meta:
        model = AccessRequest
        fields = ["name", "role", "region", "status", "created_at"]
        order_by = ["-created_at"]
        attrs = table_attrs("access-requests")
        row_attrs = {"data-testid": lambda record: f"access-request-{record.pk}"}
        empty_text = _("No access requests match these filters.")

    def render_name(self, value, record):
        return format_html(
            '{}<div class="small text-body-secondary text-break">{}</div>',
            value,
            record.organisation,
        )

    def render_created_at(self, value):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
