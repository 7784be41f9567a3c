"""The organiser's schedule: the grid, the scheduler, moves, pins and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import get_for
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.matchmaking import services, tasks
from rantai.matchmaking.forms import MoveForm
from rantai.matchmaking.models import Event, Meeting, MeetingRequest
from rantai.matchmaking.services import LIVE
from rantai.matchmaking.views.events import event_for


@login_required
def schedule(request, pk: int):
    """The organiser's grid: time slots × tables."""
    event = event_for(request, pk, "manage")
    slots = list(event.slots.select_related("session"))
    meetings = event.meetings.filter(status__in=LIVE).select_related(
        "request__requester__firm", "request__recipient__firm"
    )
    grid = {(m.slot_id, m.table): m for m in meetings}
    scheduled = {m.request_id for m in meetings}
    used = sorted({m.table for m in meetings})  # a column for each table in use, not all set
    return render(
        request,
        "matchmaking/schedule.html",
        {
            "event": event,
            "rows": [(slot, [grid.get((slot.pk, t)) for t in used]) for slot in slots],
            "tables": [t + 1 for t in used],
            "unscheduled": event.requests.filter(status=MeetingRequest.Status.ACCEPTED)
            .exclude(pk__in=scheduled)
            .select_related("requester__firm", "recipient__firm"),
            "runs": event.runs.all()[:5],
            "pending": event.requests.filter(status=MeetingRequest.Status.PENDING).count(),
        },
    )


# The scheduler stops as soon as it proves the schedule best; 30 s lets it prove a 200-participant
# event (bench/README.md, "Temu bisnis engines").
DEFAULT_SECONDS = 30.0


@login_required
@require_POST
def schedule_run(request, pk: int):
    event = event_for(request, pk, "manage")
    try:
        seconds = min(60.0, max(1.0, float(request.POST.get("seconds") or DEFAULT_SECONDS)))
    except ValueError:
        seconds = DEFAULT_SECONDS
    job = new_job(
        request,
        Job.Kind.SCHEDULE,
        _("Scheduling %(event)s") % {"event": event},
        event_id=event.pk,
        seconds=seconds,
        next_url=reverse("matchmaking:schedule", args=[event.pk]),
    )
    event.status = (
        Event.Status.SCHEDULING if event.status != Event.Status.PUBLISHED else event.status
    )
    event.save(update_fields=["status", "updated_at"])
    enqueue_job(tasks.run_schedule, job)
    return redirect(job)


@login_required
def meeting_move(request, pk: int):
    meeting = get_for(
        request.user, Meeting.objects.select_related("event", "slot"), "manage", pk=pk
    )
    event = meeting.event
    form = MoveForm(
        request.POST or None,
        event=event,
        initial={"slot": meeting.slot, "table": meeting.table_label},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                meeting=meeting,
                slot=form.cleaned_data["slot"],
                table=form.cleaned_data["table"] - 1,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting was moved and pinned."))
            return redirect("matchmaking:schedule", pk=event.pk)
    return render(
        request, "matchmaking/meeting_move.html", {"event": event, "meeting": meeting, "form": form}
    )


@login_required
@require_POST
def meeting_pin(request, pk: int):
    meeting = get_for(request.user, Meeting, "manage", pk=pk)
    meeting.pinned = not meeting.pinned
    meeting.save(update_fields=["pinned", "updated_at"])
    return redirect("matchmaking:schedule", pk=meeting.event_id)


@login_required
@require_POST
def publish(request, pk: int):
    event = event_for(request, pk, "manage")
    try:
        services.publish(event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The schedule is published; participants see their agendas."))
    return redirect("matchmaking:schedule", pk=event.pk)
