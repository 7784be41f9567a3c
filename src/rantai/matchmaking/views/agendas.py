"""Agendas (web, PDF, .ics), table cards and the check-in their QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.core.pdf import qr_svg
from rantai.matchmaking import agenda, services, tasks
from rantai.matchmaking.models import Event, Registration
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
    check_in_url = request.build_absolute_uri(
        reverse("matchmaking:check-in", args=[registration.token])
    )
    if file_format == "pdf":
        return _agenda_pdf(request, registration, check_in_url)
    meetings = agenda.shown_meetings(request.user, registration)
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
        "qr": qr_svg(check_in_url),
    }
    return render(request, "matchmaking/agenda.html", context)


def _agenda_pdf(request, registration: Registration, check_in_url: str):
    """Printing takes seconds: a job prints the PDF and its page offers the file (POST only,
    as it starts work)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = new_job(
        request,
        Job.Kind.AGENDA_PDF,
        _("Agenda of %(firm)s at %(event)s (PDF)")
        % {"firm": registration.firm, "event": registration.event},
        registration=registration.pk,
        check_in_url=check_in_url,
    )
    enqueue_job(tasks.agenda_pdf, job)
    return redirect(job)


@login_required
@require_POST
def table_cards(request, pk: int):
    """The table cards as a PDF, printed by a job like the agenda."""
    event = event_for(request, pk, "manage")
    job = new_job(
        request,
        Job.Kind.TABLE_CARDS,
        _("Table cards of %(event)s (PDF)") % {"event": event},
        event_id=event.pk,
    )
    enqueue_job(tasks.table_cards, job)
    return redirect(job)


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
