"""Agendas (web, PDF, .ics), table cards and the check-in their QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require
from rantai.matchmaking import agenda, services
from rantai.matchmaking.models import Event, Registration
from rantai.matchmaking.services import LIVE
from rantai.matchmaking.views.events import event_for, own_registrations


def _agenda_registration(request, event: Event) -> Registration:
    if request.GET.get("registration") and can(request.user, "manage", event):
        return get_for(request.user, event.registrations, pk=request.GET["registration"])
    mine = own_registrations(request, event).first()
    if mine is None:
        raise Http404
    return mine


@login_required
def agenda_view(request, pk: int, file_format: str = "html"):
    event = event_for(request, pk)
    registration = _agenda_registration(request, event)
    meetings = (
        agenda.meetings_of(registration)
        if event.published_at or can(request.user, "manage", event)
        else []
    )
    if file_format == "ics":
        response = HttpResponse(
            agenda.ics(event, registration, meetings), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="agenda-{event.pk}-{registration.pk}.ics"'
        )
        return response
    context = {
        "event": event,
        "registration": registration,
        "meetings": meetings,
        "qr": agenda.qr_svg(
            request.build_absolute_uri(reverse("matchmaking:check-in", args=[registration.token]))
        ),
    }
    if file_format == "pdf":
        return _pdf(
            render_to_string("matchmaking/agenda_pdf.html", context, request=request),
            f"agenda-{event.pk}-{registration.pk}.pdf",
        )
    return render(request, "matchmaking/agenda.html", context)


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def table_cards(request, pk: int):
    event = event_for(request, pk, "manage")
    meetings = event.meetings.filter(status__in=LIVE).select_related(
        "slot", "request__requester__firm", "request__recipient__firm"
    )
    by_table: dict[int, list] = {}
    for meeting in meetings:
        by_table.setdefault(meeting.table_label, []).append(meeting)
    html = render_to_string(
        "matchmaking/table_cards.html",
        {"event": event, "tables": sorted(by_table.items())},
        request=request,
    )
    return _pdf(html, f"table-cards-{event.pk}.pdf")


@login_required
def check_in(request, token: str):
    """What the QR code on an agenda opens: the organiser checks the participant in."""
    registration = get_for(
        request.user, Registration.objects.select_related("event", "firm"), token=token
    )
    event = registration.event
    if not can(request.user, "manage", registration) and can(request.user, "change", registration):
        return redirect("matchmaking:agenda", pk=event.pk)
    require(request.user, "manage", registration)
    if request.method == "POST":
        services.check_in(registration=registration)
        messages.success(request, _("%(firm)s is checked in.") % {"firm": registration.firm})
        return redirect("matchmaking:check-in", token=token)
    return render(
        request,
        "matchmaking/check_in.html",
        {
            "event": event,
            "registration": registration,
            "meetings": agenda.meetings_of(registration),
        },
    )
