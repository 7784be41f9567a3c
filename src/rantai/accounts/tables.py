import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import Invitation, Membership
from rantai.core.lists import table_attrs


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
