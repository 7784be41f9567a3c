"""After the meetings: outcomes and follow-ups, the pipeline, statistics and the survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, restrict
from rantai.firms.models import Firm
from rantai.matchmaking import reports, services
from rantai.matchmaking.forms import OutcomeForm, SurveyForm
from rantai.matchmaking.models import Meeting, Outcome, SurveyResponse
from rantai.matchmaking.views.events import event_for, participant_of
from rantai.partnerships.models import Partnership


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
            services.record_outcome(
                meeting=meeting,
                registration=mine,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
                user=request.user,
                follow_up=form.cleaned_data["follow_up"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(meeting)
    if request.method == "POST" and request.POST.get("done"):
        # The other side's follow-ups are not found (404), like one that does not exist.
        follow_up = get_for(
            request.user,
            meeting.follow_ups.filter(registration=mine),
            "change",
            pk=request.POST["done"],
        )
        services.finish_follow_up(follow_up=follow_up)
        return redirect(meeting)
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
            "follow_ups": restrict(meeting.follow_ups, request.user).select_related(
                "registration__firm"
            ),
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
    event = event_for(request, pk, "take_part")
    meetings = (
        restrict(event.meetings.exclude(status=Meeting.Status.CANCELLED), request.user)
        .select_related("request__requester__firm", "request__recipient__firm", "slot")
        .prefetch_related("outcomes")
    )
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
    event = event_for(request, pk, "manage")
    figures = services.stats(event)
    if file_format == "xlsx":
        content = reports.stats_xlsx(event, figures)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="temu-bisnis-{event.pk}.xlsx"'
        return response
    return render(request, "matchmaking/stats.html", {"event": event, "s": figures})


@login_required
def survey(request, pk: int):
    event = event_for(request, pk, "take_part")
    me = participant_of(request, event)
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
