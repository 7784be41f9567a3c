"""Buyers' needs, their attachments and the recommended suppliers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.matchmaking import recommendations
from rantai.matchmaking.filters import NeedFilterSet
from rantai.matchmaking.forms import NeedForm, RequestForm
from rantai.matchmaking.models import Attachment, Need, Registration
from rantai.matchmaking.tables import NeedTable
from rantai.matchmaking.views.events import (
    EventPageMixin,
    event_for,
    own_registrations,
    participant_of,
)


class NeedListView(EventPageMixin, ListView):
    """An event's needs; a supplier also sees the needs that fit it best."""

    filterset_class = NeedFilterSet
    table_class = NeedTable
    template_name = "matchmaking/need_list.html"

    def get_queryset(self):
        return (
            restrict(self.event.needs.all(), self.request.user)
            .select_related("registration__firm", "material")
            .prefetch_related("processes")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        me = self.me
        return super().get_context_data(
            me=me,
            fits=recommendations.needs_for(me) if me and not me.is_buyer else None,
            **kwargs,
        )


@login_required
def need_create(request, pk: int):
    event = event_for(request, pk, "take_part")
    me = own_registrations(request, event).filter(role=Registration.Role.BUYER).first()
    require(request.user, "add", Need(event=event, registration=me))
    form = NeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            need = form.save(commit=False)
            need.event, need.registration = event, me
            need.save()
            form.save_m2m()
            upload = form.cleaned_data.get("files")
            if upload:
                Attachment.objects.create(need=need, file=upload, name=upload.name)
        messages.success(request, _("Your need was posted; here are the suppliers that fit it."))
        return redirect(need)
    return render(request, "matchmaking/need_form.html", {"event": event, "form": form})


@login_required
def need_detail(request, pk: int):
    need = get_for(
        request.user, Need.objects.select_related("event", "registration__firm", "material"), pk=pk
    )
    event = need.event
    me = participant_of(request, event)
    is_owner = me is not None and me.pk == need.registration_id
    may_match = can(request.user, "match", need)
    sent = {r.recipient_id: r for r in need.registration.sent_requests.all()} if is_owner else {}
    return render(
        request,
        "matchmaking/need_detail.html",
        {
            "event": event,
            "need": need,
            "me": me,
            "is_owner": is_owner,
            "recommendations": recommendations.for_need(need) if may_match else None,
            "registry": recommendations.from_registry(need) if may_match else None,
            "sent": sent,
            "request_form": RequestForm(),
            "weights": recommendations.matching.WEIGHTS,
        },
    )


@login_required
def attachment(request, pk: int):
    item = get_for(request.user, Attachment, pk=pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
