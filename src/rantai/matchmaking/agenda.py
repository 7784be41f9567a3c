"""A participant's agenda: meetings, the .ics calendar and the check-in QR code."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from rantai.core.access import can
from rantai.matchmaking.models import Meeting, Registration
from rantai.matchmaking.services import LIVE


def meetings_of(registration: Registration) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            Q(request__requester=registration) | Q(request__recipient=registration), status__in=LIVE
        )
        .select_related("slot", "request__requester__firm", "request__recipient__firm")
        .order_by("slot__index")
    )


def readable_by(user, registration: Registration) -> bool:
    """Whether ``user`` may read the agenda of ``registration``: its firm's members, and the
    event's organiser."""
    return can(user, "change", registration) or can(user, "manage", registration.event)


def shown_meetings(user, registration: Registration) -> list[Meeting]:
    """The meetings the agenda shows ``user``: none before the schedule is published, except
    to the organiser."""
    event = registration.event
    return meetings_of(registration) if event.published_at or can(user, "manage", event) else []


def ics(event, registration: Registration, meetings: list[Meeting]) -> bytes:
    """Each meeting keeps one UID, and its SEQUENCE grows when it moves, so importing the file
    again updates the calendar instead of adding copies; meetings that were dropped come back
    as cancelled."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rantai//temu bisnis//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{event.name} · {registration.firm.name}")
    stamp = event.published_at or timezone.now()
    for meeting in meetings:
        other = meeting.other_party(registration)
        item = CalendarEvent()
        item.add("uid", f"rantai-meeting-{meeting.request_id}@{event.pk}")
        item.add("sequence", meeting.sequence + event.schedule_version)
        item.add("dtstamp", stamp)
        item.add("dtstart", meeting.slot.starts_at)
        item.add("dtend", meeting.slot.ends_at)
        item.add("summary", _("Meeting with %(firm)s") % {"firm": other.firm.name})
        item.add("location", f"{event.venue} · " + _("table %(n)d") % {"n": meeting.table_label})
        item.add("description", other.headline or "")
        calendar.add_component(item)
    dropped = registration.sent_requests.filter(
        meeting__status=Meeting.Status.CANCELLED
    ) | registration.received_requests.filter(meeting__status=Meeting.Status.CANCELLED)
    for request in dropped.select_related("meeting__slot"):
        item = CalendarEvent()
        item.add("uid", f"rantai-meeting-{request.pk}@{event.pk}")
        item.add("sequence", request.meeting.sequence + event.schedule_version + 1)
        item.add("dtstamp", stamp)
        item.add("dtstart", request.meeting.slot.starts_at)
        item.add("dtend", request.meeting.slot.starts_at + timedelta(minutes=event.slot_minutes))
        item.add("status", "CANCELLED")
        item.add("summary", _("Cancelled meeting"))
        calendar.add_component(item)
    return calendar.to_ical()
