"""On the day: the board of each time slot, no-shows and added meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import get_for
from rantai.matchmaking import services
from rantai.matchmaking.models import Meeting
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
