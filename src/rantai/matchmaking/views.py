from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.jobs import enqueue_job, new_job
from rantai.firms.models import Firm
from rantai.matchmaking import agenda, recommendations, services, tasks
from rantai.matchmaking.forms import (
    AvailabilityForm,
    EventForm,
    MoveForm,
    NeedForm,
    OutcomeForm,
    RegistrationForm,
    RequestForm,
    SessionFormSet,
    SurveyForm,
)
from rantai.matchmaking.models import (
    Attachment,
    Event,
    Exclusion,
    FollowUp,
    Meeting,
    MeetingRequest,
    Need,
    Outcome,
    Registration,
    SurveyResponse,
)
from rantai.matchmaking.rules import registrable_firms
from rantai.matchmaking.services import LIVE


def _event(request, pk: int, action: str = "view") -> Event:
    return get_for(request.user, Event, action, pk=pk)


def _mine(request, event: Event):
    """The registrations of the user's own firms at ``event`` (usually one)."""
    return restrict(event.registrations.select_related("firm"), request.user, "change")


def _participant(request, event: Event) -> Registration | None:
    return _mine(request, event).filter(status=Registration.Status.APPROVED).first()


# ---- events ------------------------------------------------------------------------------------


@login_required
def event_list(request):
    events = (
        Event.objects.restrict(request.user)
        .select_related("organiser")
        .annotate(
            participants=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.APPROVED)
            )
        )
    )
    return render(
        request,
        "matchmaking/event_list.html",
        {"events": events, "can_add": can(request.user, "add", model=Event)},
    )


@login_required
def event_detail(request, pk: int):
    event = _event(request, pk)
    mine = _mine(request, event).first()
    approved = event.registrations.filter(status=Registration.Status.APPROVED).select_related(
        "firm"
    )
    context = {
        "event": event,
        "mine": mine,
        "is_organiser": can(request.user, "manage", event),
        "buyers": approved.filter(role=Registration.Role.BUYER),
        "suppliers": approved.filter(role=Registration.Role.SUPPLIER),
        "sessions": event.sessions.annotate(n=Count("slots")),
        "can_register": event.registration_is_open
        and mine is None
        and can(request.user, "register", event),
    }
    if mine and mine.status == Registration.Status.APPROVED:
        context["incoming"] = mine.received_requests.filter(
            status=MeetingRequest.Status.PENDING
        ).count()
    return render(request, "matchmaking/event_detail.html", context)


def _save_event(request, form, formset=None):
    event = form.save()
    messages.success(request, _("The event was saved."))
    return redirect(event)


@login_required
def event_create(request):
    require(request.user, "add", model=Event)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _save_event(request, form)
    return render(request, "matchmaking/event_form.html", {"form": form})


@login_required
def event_update(request, pk: int):
    event = _event(request, pk, "manage")
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _save_event(request, form)
    return render(request, "matchmaking/event_form.html", {"form": form, "event": event})


@login_required
def event_sessions(request, pk: int):
    """The day plan: sessions (e.g. morning, afternoon) and the meeting slots made from them."""
    event = _event(request, pk, "manage")
    formset = SessionFormSet(request.POST or None, instance=event)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
                count = services.generate_slots(event=event)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d meeting slots were made.") % {"count": count})
            return redirect("matchmaking:event-sessions", pk=event.pk)
    return render(
        request,
        "matchmaking/event_sessions.html",
        {"event": event, "formset": formset, "slots": event.slots.select_related("session")},
    )


# ---- registration -------------------------------------------------------------------------------


@login_required
def register(request, pk: int):
    event = _event(request, pk, "register")
    firms = registrable_firms(request.user, event)
    form = RegistrationForm(
        request.POST or None,
        firms=firms,
        initial={"email": request.user.email, "representative": str(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("firm", "role")}
        try:
            services.register(
                event=event,
                firm=form.cleaned_data["firm"],
                role=form.cleaned_data["role"],
                user=request.user,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("You are registered; the organiser will confirm."))
            return redirect(event)
    return render(request, "matchmaking/register.html", {"event": event, "form": form})


@login_required
def registrations(request, pk: int):
    event = _event(request, pk, "manage")
    if request.method == "POST":
        registration = get_for(
            request.user, event.registrations, "manage", pk=request.POST.get("registration")
        )
        decision = request.POST.get("decision")
        if decision in (Registration.Status.APPROVED, Registration.Status.DECLINED):
            registration.status = decision
            registration.save(update_fields=["status", "updated_at"])
            messages.success(
                request,
                _("%(firm)s: %(status)s.")
                % {"firm": registration.firm, "status": registration.get_status_display()},
            )
        return redirect("matchmaking:registrations", pk=event.pk)
    return render(
        request,
        "matchmaking/registrations.html",
        {"event": event, "registrations": event.registrations.select_related("firm")},
    )


@login_required
def my_registration(request, pk: int):
    event = _event(request, pk)
    mine = _mine(request, event).first()
    if mine is None:
        raise Http404
    form = AvailabilityForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(event)
    return render(
        request, "matchmaking/my_registration.html", {"event": event, "form": form, "mine": mine}
    )


# ---- needs, showcases and recommendations ------------------------------------------------------


@login_required
def need_list(request, pk: int):
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
    return render(
        request,
        "matchmaking/need_list.html",
        {
            "event": event,
            "me": me,
            "needs": restrict(event.needs, request.user)
            .select_related("registration__firm", "material")
            .prefetch_related("processes"),
            "fits": recommendations.needs_for(me) if me and not me.is_buyer else None,
        },
    )


@login_required
def need_create(request, pk: int):
    event = _event(request, pk, "take_part")
    me = _mine(request, event).filter(role=Registration.Role.BUYER).first()
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
    me = _participant(request, event)
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
    from django.http import FileResponse

    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def participants(request, pk: int):
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
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
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
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
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
    other = get_for(request.user, event.registrations, pk=other)
    require(request.user, "add", Exclusion(registration=me, other=other))
    services.exclude(registration=me, other=other)
    messages.success(request, _("Hidden from your lists."))
    return redirect(
        request.POST.get("next") or reverse("matchmaking:participants", args=[event.pk])
    )


@login_required
def requests_view(request, pk: int):
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
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


# ---- the schedule -------------------------------------------------------------------------------


@login_required
def schedule(request, pk: int):
    """The organiser's grid: time slots × tables."""
    event = _event(request, pk, "manage")
    slots = list(event.slots.select_related("session"))
    meetings = event.meetings.filter(status__in=LIVE).select_related(
        "request__requester__firm", "request__recipient__firm"
    )
    grid = {(m.slot_id, m.table): m for m in meetings}
    scheduled = {m.request_id for m in meetings}
    return render(
        request,
        "matchmaking/schedule.html",
        {
            "event": event,
            "rows": [
                (slot, [grid.get((slot.pk, t)) for t in range(event.tables)]) for slot in slots
            ],
            "tables": range(1, event.tables + 1),
            "unscheduled": event.requests.filter(status=MeetingRequest.Status.ACCEPTED)
            .exclude(pk__in=scheduled)
            .select_related("requester__firm", "recipient__firm"),
            "runs": event.runs.all()[:5],
            "pending": event.requests.filter(status=MeetingRequest.Status.PENDING).count(),
        },
    )


@login_required
@require_POST
def schedule_run(request, pk: int):
    event = _event(request, pk, "manage")
    seconds = min(60.0, max(1.0, float(request.POST.get("seconds") or 10)))
    job = new_job(
        request,
        "schedule",
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
    event = _event(request, pk, "manage")
    try:
        services.publish(event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The schedule is published; participants see their agendas."))
    return redirect("matchmaking:schedule", pk=event.pk)


# ---- agendas, cards, check-in -------------------------------------------------------------------


def _agenda_registration(request, event: Event) -> Registration:
    if request.GET.get("registration") and can(request.user, "manage", event):
        return get_for(request.user, event.registrations, pk=request.GET["registration"])
    mine = _mine(request, event).first()
    if mine is None:
        raise Http404
    return mine


@login_required
def agenda_view(request, pk: int, file_format: str = "html"):
    event = _event(request, pk)
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
    event = _event(request, pk, "manage")
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


@login_required
def day_board(request, pk: int):
    """On the day: each time slot, its meetings, no-shows, and free tables to re-use."""
    event = _event(request, pk, "manage")
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
    event = _event(request, pk, "manage")
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


# ---- outcomes, pipeline, statistics, survey -----------------------------------------------------


@login_required
def meeting_detail(request, pk: int):
    meeting = get_for(
        request.user,
        Meeting.objects.select_related(
            "event", "slot", "request__requester__firm", "request__recipient__firm"
        ),
        pk=pk,
    )
    mine = next(
        (
            p
            for p in meeting.parties
            if can(request.user, "add", Outcome(meeting=meeting, registration=p))
        ),
        None,
    )
    existing = meeting.outcomes.filter(registration=mine).first() if mine else None
    form = OutcomeForm(request.POST or None, instance=existing) if mine else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            with transaction.atomic():
                services.record_outcome(
                    meeting=meeting,
                    registration=mine,
                    stage=form.cleaned_data["stage"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
                if form.cleaned_data.get("follow_up"):
                    FollowUp.objects.create(
                        meeting=meeting,
                        registration=mine,
                        description=form.cleaned_data["follow_up"],
                        due_on=form.cleaned_data["due_on"],
                    )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(meeting)
    if request.method == "POST" and request.POST.get("done"):
        follow_up = get_object_or_404(
            meeting.follow_ups, pk=request.POST["done"], registration=mine
        )
        follow_up.done_on = timezone.localdate()
        follow_up.save(update_fields=["done_on", "updated_at"])
        return redirect(meeting)
    from rantai.partnerships.models import Partnership

    partnerships = list(Partnership.objects.restrict(request.user).filter(meeting=meeting))
    return render(
        request,
        "matchmaking/meeting_detail.html",
        {
            "meeting": meeting,
            "event": meeting.event,
            "mine": mine,
            "form": form,
            "outcomes": restrict(meeting.outcomes, request.user).select_related(
                "registration__firm"
            ),
            "follow_ups": meeting.follow_ups.select_related("registration__firm"),
            "partnerships": partnerships,
            "can_record_partnership": not partnerships
            and meeting.status != Meeting.Status.CANCELLED
            and can(request.user, "add", model=Partnership)
            and (mine is not None or can(request.user, "manage", meeting)),
        },
    )


@login_required
def pipeline(request, pk: int):
    """From meetings to partnerships: each meeting in the column of its furthest outcome."""
    event = _event(request, pk, "take_part")
    meetings = (
        restrict(event.meetings.exclude(status=Meeting.Status.CANCELLED), request.user)
        .select_related("request__requester__firm", "request__recipient__firm", "slot")
        .prefetch_related("outcomes")
    )
    from rantai.partnerships.models import Partnership

    signed = set(
        Partnership.objects.filter(meeting__event=event)
        .exclude(status=Partnership.Status.DRAFT)
        .values_list("meeting_id", flat=True)
    )
    columns = {stage: [] for stage in [None, *Outcome.STAGE_ORDER, "partnership"]}
    for meeting in meetings:
        stage = "partnership" if meeting.pk in signed else services.best_stage(meeting)
        columns[stage].append(meeting)
    labels = {**dict(Outcome.Stage.choices), "partnership": _("partnership signed")}
    return render(
        request,
        "matchmaking/pipeline.html",
        {
            "event": event,
            "columns": [
                (labels.get(stage, _("no outcome yet")), items) for stage, items in columns.items()
            ],
        },
    )


@login_required
def stats(request, pk: int, file_format: str = "html"):
    event = _event(request, pk, "manage")
    figures = services.stats(event)
    if file_format == "xlsx":
        content = tasks.stats_xlsx(event, figures)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="temu-bisnis-{event.pk}.xlsx"'
        return response
    return render(request, "matchmaking/stats.html", {"event": event, "s": figures})


@login_required
def survey(request, pk: int):
    event = _event(request, pk, "take_part")
    me = _participant(request, event)
    if me is None:
        raise Http404
    existing = SurveyResponse.objects.filter(registration=me).first()
    form = SurveyForm(request.POST or None, instance=existing)
    met = Firm.objects.filter(
        Q(event_registrations__received_requests__requester=me)
        | Q(event_registrations__sent_requests__recipient=me)
    ).distinct()
    form.fields["partners"].queryset = met
    if request.method == "POST" and form.is_valid():
        answer = form.save(commit=False)
        answer.registration = me
        answer.save()
        form.save_m2m()
        messages.success(request, _("Thank you for your answer."))
        return redirect(event)
    return render(request, "matchmaking/survey.html", {"event": event, "form": form})
