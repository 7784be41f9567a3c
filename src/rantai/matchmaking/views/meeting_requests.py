"""Participants, meeting requests, their answers and "no thanks"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.matchmaking import services
from rantai.matchmaking.filters import MeetingRequestFilterSet, ParticipantFilterSet
from rantai.matchmaking.forms import RequestForm
from rantai.matchmaking.models import Exclusion, MeetingRequest, Need, Registration
from rantai.matchmaking.tables import MeetingRequestTable, ParticipantTable
from rantai.matchmaking.views.events import EventPageMixin, event_for, participant_of


class ParticipantListView(EventPageMixin, ListView):
    """The approved participants; a participant sees those of the other role it has not said
    "no thanks" to, with the buttons that ask them for a meeting."""

    filterset_class = ParticipantFilterSet
    table_class = ParticipantTable
    template_name = "matchmaking/participants.html"

    def get_queryset(self):
        others = restrict(
            self.event.registrations.filter(status=Registration.Status.APPROVED),
            self.request.user,
        ).select_related("firm")
        me = self.me
        if me:
            others = others.exclude(role=me.role).exclude(pk__in=me.exclusions.values("other_id"))
        return others.order_by("role", "firm__name", "pk")

    def get_table_kwargs(self):
        return {} if self.me else {"exclude": ["actions"]}

    def get_context_data(self, **kwargs):
        me = self.me
        return super().get_context_data(
            me=me,
            sent={r.recipient_id: r for r in me.sent_requests.all()} if me else {},
            received={r.requester_id: r for r in me.received_requests.all()} if me else {},
            **kwargs,
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
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
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


class MeetingRequestListView(EventPageMixin, ListView):
    """A participant's requests, asked of it and by it (``?direction=``), which it answers here;
    every request of the event for the organiser."""

    filterset_class = MeetingRequestFilterSet
    table_class = MeetingRequestTable
    template_name = "matchmaking/requests.html"

    def get_queryset(self):
        requests = restrict(self.event.requests.all(), self.request.user).select_related(
            "requester__firm", "recipient__firm", "need"
        )
        me = self.me
        if me:
            requests = requests.filter(Q(requester=me) | Q(recipient=me))
        elif not can(self.request.user, "manage", self.event):
            requests = requests.none()
        return requests.order_by("-interest", "created_at", "pk")

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if self.me is None:  # the organiser neither asks nor is asked
            del filterset.filters["direction"]
        return filterset

    def get_context_data(self, **kwargs):
        return super().get_context_data(me=self.me, **kwargs)


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
