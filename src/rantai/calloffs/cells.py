"""A call-off's parts as HTML: number, part, quantity, due date and status. The board draws
them 50 rows at a time on every change its event stream announces, so they are built in Python
(format_html escapes every value), several times cheaper than a small template per cell; the
call-off's page and the move page use the same functions through ``{% load calloffs %}``."""

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from rantai.calloffs.models import CallOff

BADGES = {
    CallOff.Status.RELEASED: "text-bg-warning",
    CallOff.Status.PROPOSED: "text-bg-info",
    CallOff.Status.ACKNOWLEDGED: "text-bg-success",
}


def status(c: CallOff, now=None, testid_prefix: str = "") -> SafeString:
    """The status badge; a released call-off also says by when it must be answered, in red
    once that has passed."""
    badge = format_html(
        '<span class="badge {} text-wrap" data-testid="{}status-{}">{}</span>',
        BADGES.get(c.status, "text-bg-secondary"),
        testid_prefix,
        c.pk,
        c.get_status_display(),
    )
    if c.status != CallOff.Status.RELEASED or not c.ack_due_at:
        return badge
    overdue = c.ack_due_at < (now or timezone.now())
    return format_html(
        '{}<div class="small{}">{} {}</div>',
        badge,
        " text-danger fw-semibold" if overdue else " text-body-secondary",
        gettext("overdue since") if overdue else gettext("by"),
        date_format(timezone.localtime(c.ack_due_at), "SHORT_DATETIME_FORMAT"),
    )


def number(c: CallOff, now=None) -> SafeString:
    """The number, a link; on a phone the status under it (its column is for wider screens)."""
    return format_html(
        '<a href="{}" class="text-break">{}</a><div class="d-md-none mt-1">{}</div>',
        c.get_absolute_url(),
        c.number,
        status(c, now, testid_prefix="phone-"),
    )


def quantity(c: CallOff) -> SafeString:
    """The quantity with its unit; kanban pulls also as cards × the quantity of one."""
    html = format_html(
        '<span class="text-nowrap">{} {}</span>',
        floatformat(c.quantity, "-2g"),
        c.get_unit_display(),
    )
    if not c.kanban_cards:
        return html
    cards = ngettext("%(cards)s card × %(per)s", "%(cards)s cards × %(per)s", c.kanban_cards) % {
        "cards": c.kanban_cards,
        "per": floatformat(c.card_quantity, "-2g"),
    }
    return format_html('{}<div class="small text-body-secondary text-nowrap">{}</div>', html, cards)


def part(c: CallOff, phone: bool = False) -> SafeString:
    """Part number, drawing revision and description; on a phone the quantity under them."""
    html = format_html("<strong>{}</strong>", c.part_number)
    if c.drawing_revision:
        html = format_html(
            '{} <span class="text-body-secondary small">rev {}</span>', html, c.drawing_revision
        )
    html = format_html(
        '{}<div class="small text-body-secondary text-truncate-2">{}</div>', html, c.description
    )
    if phone:
        html = format_html('{}<div class="d-md-none small">{}</div>', html, quantity(c))
    return html


def due(c: CallOff) -> SafeString:
    """The due date, its delivery window, and a mark on a forecast."""
    day = date_format(c.due_on, "SHORT_DATE_FORMAT")
    parts = [format_html('<span class="text-nowrap">{}</span>', day)]
    if c.window_from and c.window_to:
        parts.append(
            format_html(
                '<div class="small text-body-secondary text-nowrap">{}–{}</div>',
                time_format(c.window_from, "H:i"),
                time_format(c.window_to, "H:i"),
            )
        )
    if c.zone == CallOff.Zone.FORECAST:
        parts.append(
            format_html(
                '<div><span class="badge text-bg-light border">{}</span></div>',
                pgettext("call-off zone", "forecast"),
            )
        )
    return mark_safe("".join(parts))
