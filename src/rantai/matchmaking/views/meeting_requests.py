"""Participants, meeting requests, their answers and "no thanks"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.matchmaking import services
from rantai.matchmaking.forms import RequestForm
from rantai.matchmaking.models import Exclusion, MeetingRequest, Need, Registration
from rantai.matchmaking.views.events import event_for, participant_of


@login_required
def participants(request, pk: int):
    event = event_for(request, pk, "take_part")
    me = participant_of(request, event)
    others = restrict(
        event.registrations.filter(status=Registration.Status.APPROVED), request.user
    ).select_related("firm")
    if me:
        others = others.exclude(role=me.role).exclude(pk__in=me.exclusions.values("other_id"))
    sent = {r.recipient_id: r for r in me.sent_requests.all()} if me else {}
    received = {r.requester_id: r for r in me.received_requests.all()} if me else {}
    return render(
        request,
        "matchmaking/participants.html",
        {
            "event": event,
            "me": me,
            "others": others,
            "sent": sent,
            "received": received,
            "request_form": RequestForm(),
        },
    )


@login_required
@require_POST
def request_create(request, pk: int, to: int):
    event = event_for(request, pk, "take_part")
    me = participant_of(request, event)
    recipient = get_for(request.user, event.registrations, pk=to)
    require(request.user, "add", MeetingRequest(event=event, requester=me, recipient=recipient))
    form = RequestForm(request.POST)
    need = (
        restrict(Need.objects.filter(event=event), request.user)
        .filter(pk=request.POST.get("need") or None)
        .first()
    )
    if form.is_valid():
        try:
            services.request_meeting(
                requester=me, recipient=recipient, need=need, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Meeting request sent to %(firm)s.") % {"firm": recipient.firm}
            )
    return redirect(request.POST.get("next") or reverse("matchmaking:requests", args=[event.pk]))


@login_required
@require_POST
def exclude(request, pk: int, other: int):
    event = event_for(request, pk, "take_part")
    me = participant_of(request, event)
    other = get_for(request.user, event.registrations, pk=other)
    require(request.user, "add", Exclusion(registration=me, other=other))
    services.exclude(registration=me, other=other)
    messages.success(request, _("Hidden from your lists."))
    return redirect(
        request.POST.get("next") or reverse("matchmaking:participants", args=[event.pk])
    )


@login_required
def requests_view(request, pk: int):
    event = event_for(request, pk, "take_part")
    me = participant_of(request, event)
    base = restrict(event.requests, request.user).select_related(
        "requester__firm", "recipient__firm", "need"
    )
    if me is None and can(request.user, "manage", event):
        return render(request, "matchmaking/requests.html", {"event": event, "all": base})
    return render(
        request,
        "matchmaking/requests.html",
        {
            "event": event,
            "me": me,
            "incoming": base.filter(recipient=me),
            "outgoing": base.filter(requester=me),
        },
    )


@login_required
@require_POST
def request_respond(request, pk: int):
    meeting_request = get_for(
        request.user, MeetingRequest.objects.select_related("event"), "answer", pk=pk
    )
    try:
        services.respond(request=meeting_request, accept=request.POST.get("accept") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("matchmaking:requests", pk=meeting_request.event_id)
