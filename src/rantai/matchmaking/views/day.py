"""On the day: the board of each time slot, no-shows, drop-outs and added meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import get_for
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.matchmaking import services, tasks
from rantai.matchmaking.models import Meeting, Registration
from rantai.matchmaking.views.events import event_for


@login_required
def day_board(request, pk: int):
    """On the day: each time slot, its meetings, no-shows, and free tables to re-use."""
    event = event_for(request, pk, "manage")
    slot_id = request.GET.get("slot")
    slots = list(event.slots.all())
    now = timezone.now()
    current = next((s for s in slots if str(s.pk) == slot_id), None) or next(
        (s for s in slots if s.ends_at > now), slots[0] if slots else None
    )
    context = {"event": event, "slots": slots, "current": current}
    if current:
        context["meetings"] = (
            event.meetings.filter(slot=current)
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("request__requester__firm", "request__recipient__firm")
        )
        context["free_tables"], context["candidates"] = services.free_places(event, current)
    context["participants"] = event.registrations.filter(
        status=Registration.Status.APPROVED
    ).select_related("firm")
    return render(request, "matchmaking/day_board.html", context)


@login_required
@require_POST
def no_show(request, pk: int):
    meeting = get_for(request.user, Meeting.objects.select_related("request"), "manage", pk=pk)
    absent = get_for(request.user, meeting.event.registrations, pk=request.POST.get("absent"))
    try:
        services.mark_no_show(meeting=meeting, absent=absent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{reverse('matchmaking:day', args=[meeting.event_id])}?slot={meeting.slot_id}")


@login_required
@require_POST
def meeting_add(request, pk: int):
    event = event_for(request, pk, "manage")
    meeting_request = get_for(request.user, event.requests, pk=request.POST.get("request"))
    slot = get_object_or_404(event.slots, pk=request.POST.get("slot"))
    try:
        services.add_meeting(
            request=meeting_request, slot=slot, table=int(request.POST.get("table", -1))
        )
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The meeting was added."))
    return redirect(f"{reverse('matchmaking:day', args=[event.pk])}?slot={slot.pk}")


@login_required
@require_POST
def drop_out(request, pk: int):
    """A participant will not come (for the rest of the day, or cancels): its meetings still to
    come are dropped now, and a background job re-plans the rest of the day."""
    event = event_for(request, pk, "manage")
    registration = get_for(
        request.user,
        event.registrations.filter(status=Registration.Status.APPROVED),
        pk=request.POST.get("registration"),
    )
    day = reverse("matchmaking:day", args=[event.pk])
    try:
        dropped = services.drop_out(
            registration=registration, cancelled=request.POST.get("why") == "cancelled"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(day)
    job = new_job(
        request,
        Job.Kind.SCHEDULE,
        _("Re-planning the day at %(event)s") % {"event": event},
        event_id=event.pk,
        dropped=[m.pk for m in dropped],
        next_url=day,
    )
    enqueue_job(tasks.replan_day, job)
    return redirect(job)
