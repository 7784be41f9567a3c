"""Audits: list, start, detail, submission, corrections and reports."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.lists import ListView
from rantai.core.models import Job
from rantai.five_r import charts, outcomes, services, tasks
from rantai.five_r.filters import AuditFilterSet
from rantai.five_r.forms import AuditStartForm, CorrectionForm, OutcomeForm
from rantai.five_r.models import Answer, AnswerConflict, Audit, Item, Photo
from rantai.five_r.tables import AuditTable
from rantai.five_r.views.programs import program_for


def audit_for(request, pk: int, action: str = "view") -> Audit:
    return get_for(
        request.user, Audit.objects.select_related("firm", "template", "program"), action, pk=pk
    )


def already_submitted(request, audit: Audit) -> HttpResponse:
    """What a capture or submit page of a submitted audit answers: that it is submitted, with a
    link to its result (not a bare 'not allowed'); htmx is sent to that page."""
    if request.htmx:
        first = audit.template.sections.first()
        page = reverse("five_r:audit-capture", args=[audit.pk, first.code])
        return HttpResponse(status=409, headers={"HX-Redirect": page})
    return render(request, "five_r/audit_submitted.html", {"audit": audit}, status=409)


def unless_submitted(view):
    """For the views that write to a draft audit (``pk``): a submitted one is refused before
    the view runs, and nothing is written."""

    @wraps(view)
    def guarded(request, pk: int, *args, **kwargs):
        audit = audit_for(request, pk)
        if not audit.is_draft:
            return already_submitted(request, audit)
        return view(request, pk, *args, **kwargs)

    return guarded


class AuditListView(ListView):
    filterset_class = AuditFilterSet
    table_class = AuditTable
    template_name = "five_r/audit_list.html"

    def get_queryset(self):
        return restrict(Audit.objects.all(), self.request.user).select_related("firm")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_add=can(user, "add", model=Audit),
            can_import=can(user, "import", model=Audit),
            **kwargs,
        )


@login_required
def audit_create(request):
    require(request.user, "add", model=Audit)
    initial = {
        "program": request.GET.get("program"),
        "firm": request.GET.get("firm"),
        "phase": request.GET.get("phase", Audit.Phase.BASELINE),
    }
    form = AuditStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audit = services.start_audit(
            firm=data["firm"],
            template=data["template"],
            area=data["area"],
            phase=data["phase"],
            program=data["program"],
            date=data["date"],
            auditors=list(data["auditors"]) or [request.user],
            user=request.user,
        )
        return redirect(
            "five_r:audit-capture", pk=audit.pk, section=audit.template.sections.first().code
        )
    return render(request, "five_r/audit_start.html", {"form": form})


@login_required
@unless_submitted
def audit_submit(request, pk: int):
    audit = audit_for(request, pk, "change")
    scores = services.compute_scores(audit)
    answered = set(
        audit.answers.filter(Q(score__isnull=False) | Q(not_applicable=True)).values_list(
            "item_id", flat=True
        )
    )
    missing = (
        Item.objects.filter(section__template=audit.template)
        .exclude(pk__in=answered)
        .select_related("section")
    )
    if request.method == "POST":
        try:
            services.submit(audit=audit, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The audit was submitted; its findings are now corrective actions.")
            )
            return redirect(audit)
    return render(
        request,
        "five_r/audit_submit.html",
        {
            "audit": audit,
            "scores": scores,
            "missing": missing,
            "measured": audit.measurements.count(),
            "sections": audit.template.sections.all(),
        },
    )


@login_required
@unless_submitted
def audit_outcomes(request, pk: int):
    """The outcome indicators measured at this visit (time to find a tool, space freed, ...)."""
    audit = audit_for(request, pk, "change")
    indicators = outcomes.indicators_for(audit.program)
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        measurements=list(audit.measurements.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.record(audit=audit, user=request.user, values=form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The outcome indicators were saved."))
            return redirect(f"{audit.get_absolute_url()}#outcomes")
    return render(request, "five_r/audit_outcomes.html", {"audit": audit, "form": form})


@login_required
def audit_detail(request, pk: int):
    audit = audit_for(request, pk)
    if audit.is_draft:
        scores = services.compute_scores(audit)
        section_scores, overall = scores.sections, scores.overall
    else:
        section_scores = {k: v for k, v in audit.section_scores.items()}
        overall = audit.overall_score
    sections = list(audit.template.sections.prefetch_related("items"))
    answers = {a.item_id: a for a in audit.answers.all()}
    photos_by_item: dict[int, list[Photo]] = {}
    for photo in audit.photos.filter(item__isnull=False):
        photos_by_item.setdefault(photo.item_id, []).append(photo)
    chart = charts.radar(
        [s.short_label for s in sections],
        [(audit.get_phase_display(), [section_scores.get(s.code) for s in sections])],
    )
    return render(
        request,
        "five_r/audit_detail.html",
        {
            "audit": audit,
            "overall": overall,
            "chart": chart,
            "section_rows": [
                (
                    s,
                    section_scores.get(s.code),
                    [
                        (item, answers.get(item.pk), photos_by_item.get(item.pk, []))
                        for item in s.items.all()
                    ],
                )
                for s in sections
            ],
            "actions": audit.actions.select_related("item"),
            "measurements": audit.measurements.select_related("indicator"),
            "red_tags": audit.red_tags.all(),
            "conflicts": [
                (conflict, answers.get(conflict.item_id))
                for conflict in audit.conflicts.filter(
                    status=AnswerConflict.Status.OPEN
                ).select_related("item", "sent_by")
            ],
            "can_change": can(request.user, "change", audit),
            "can_correct": can(request.user, "correct", audit),
            "history": audit.history.filter(history_change_reason__isnull=False).select_related(
                "history_user"
            )[:20],
            "corrections": Answer.history.filter(
                audit_id=audit.pk, history_change_reason__isnull=False
            ).select_related("history_user")[:50],
        },
    )


@login_required
@require_POST
def conflict_decide(request, pk: int):
    """Settle a conflict between two mentors' answers (services.decide_conflict)."""
    conflict = get_object_or_404(AnswerConflict, pk=pk)
    audit = audit_for(request, conflict.audit_id, "change")
    try:
        services.decide_conflict(
            conflict=conflict, take=request.POST.get("take") == "1", user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The conflict on %(item)s is decided.") % {"item": conflict.item.code}
        )
    return redirect(audit)


@login_required
def audit_correct(request, pk: int, item_pk: int):
    audit = audit_for(request, pk, "correct")
    answer = get_object_or_404(Answer.objects.select_related("item"), audit=audit, item_id=item_pk)
    form = CorrectionForm(
        request.POST or None,
        template=audit.template,
        initial={
            "score": answer.score,
            "not_applicable": answer.not_applicable,
            "comment": answer.comment,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_answer(
                audit=audit,
                item=answer.item,
                score=data["score"],
                not_applicable=data["not_applicable"],
                comment=data["comment"],
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The answer was corrected; the scores were recomputed."))
            return redirect(audit)
    return render(
        request, "five_r/audit_correct.html", {"audit": audit, "answer": answer, "form": form}
    )


@login_required
@require_POST
def report(request, kind: str, pk: int):
    """Prepare a PDF report (audit or program) or the program's XLSX, as a background job."""
    language = request.POST.get("language") or request.LANGUAGE_CODE
    if kind == "audit":
        obj = audit_for(request, pk)
        title = _("5R audit report: %(audit)s") % {"audit": obj}
    elif kind in {"program", "program-xlsx"}:
        obj = program_for(request, pk)
        title = (
            _("5R program report: %(program)s")
            if kind == "program"
            else _("5R program results (XLSX): %(program)s")
        ) % {"program": obj}
    else:
        raise Http404
    job = new_job(
        request,
        Job.Kind.FIVE_R_REPORT,
        title,
        report=kind,
        object_id=obj.pk,
        report_language=language if language in ("id", "en") else "id",
    )
    enqueue_job(tasks.build_report, job)
    return redirect(job)
