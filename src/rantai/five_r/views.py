import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.jobs import enqueue_job, new_job
from rantai.firms.models import Firm
from rantai.five_r import charts, checklists, readiness, results, services, tasks
from rantai.five_r.forms import (
    ActionForm,
    ActivityForm,
    AttendanceForm,
    AuditStartForm,
    CorrectionForm,
    ImportChecklistForm,
    PhotoForm,
    ProgramForm,
    RedTagForm,
)
from rantai.five_r.models import (
    Activity,
    Answer,
    Attendance,
    Audit,
    AuditTemplate,
    CorrectiveAction,
    Item,
    Participation,
    Photo,
    Program,
    ReadinessLevel,
    RedTag,
    Section,
)


def _program_for(request, pk: int, action: str = "view") -> Program:
    return get_for(request.user, Program, action, pk=pk)


def _audit_for(request, pk: int, action: str = "view") -> Audit:
    return get_for(
        request.user, Audit.objects.select_related("firm", "template", "program"), action, pk=pk
    )


# ---- overview -------------------------------------------------------------------------------


@login_required
def overview(request):
    user = request.user
    audits = Audit.objects.restrict(user, "view").select_related("firm")
    actions = restrict(CorrectiveAction.objects.all(), user, "view").select_related("audit__firm")
    today = timezone.localdate()
    return render(
        request,
        "five_r/overview.html",
        {
            "programs": restrict(Program.objects.all(), user, "view")[:10],
            "drafts": audits.filter(status=Audit.Status.DRAFT)
            .filter(Q(auditors=user) | Q(program__mentors=user))
            .distinct()[:20],
            "recent": audits.filter(status=Audit.Status.SUBMITTED)[:10],
            "overdue": actions.overdue(today)[:8],
            "open_count": actions.open().count(),
            "visits": Activity.objects.filter(mentor=user, date__gte=today).select_related("firm")[
                :5
            ],
            "can_add_program": can(user, "add", model=Program),
            "can_add_audit": can(user, "add", model=Audit),
        },
    )


# ---- programs -------------------------------------------------------------------------------


@login_required
def program_list(request):
    programs = (
        restrict(Program.objects.all(), request.user, "view")
        .select_related("organiser", "region")
        .annotate(firms=Count("participations", distinct=True))
    )
    return render(
        request,
        "five_r/program_list.html",
        {"programs": programs, "can_add": can(request.user, "add", model=Program)},
    )


def _save_program(request, form):
    program = form.instance
    if not can(request.user, "change", program) and program.region_id:
        form.add_error("region", _("This region is outside your remit."))
        return None
    with transaction.atomic():
        program = form.save()
        chosen = set(form.cleaned_data["participants"])
        program.participations.exclude(firm__in=chosen).filter(
            ~Q(firm__audits__program=program)
        ).delete()  # firms with audits stay
        for firm in chosen:
            Participation.objects.get_or_create(program=program, firm=firm)
    messages.success(request, _("The program was saved."))
    return redirect(program)


@login_required
def program_create(request):
    require(request.user, "add", model=Program)
    form = ProgramForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _save_program(request, form)
        if response:
            return response
    return render(request, "five_r/program_form.html", {"form": form})


@login_required
def program_update(request, pk: int):
    program = _program_for(request, pk, "change")
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _save_program(request, form)
        if response:
            return response
    return render(request, "five_r/program_form.html", {"form": form, "program": program})


@login_required
def program_detail(request, pk: int):
    program = _program_for(request, pk)
    figures = results.program_results(program, request.user)
    sections = figures.sections
    chart = None
    if figures.mean_final is not None or figures.mean_baseline is not None:
        chart = charts.radar(
            [s.short_label for s in sections],
            [
                (_("Baseline"), [figures.mean_section("baseline", s.code) for s in sections]),
                (_("Final"), [figures.mean_section("final", s.code) for s in sections]),
            ],
        )
    return render(
        request,
        "five_r/program_detail.html",
        {
            "program": program,
            "figures": figures,
            "activities": program.activities.select_related("firm", "mentor")
            .annotate(present=Count("attendance", filter=Q(attendance__present=True)))
            .order_by("date", "starts_at"),
            "chart": chart,
            "can_change": can(request.user, "change", program),
            "is_mentor": program.mentors.filter(pk=request.user.pk).exists(),
        },
    )


@login_required
def activity_edit(request, pk: int, activity_pk: int | None = None):
    program = _program_for(request, pk, "change")
    activity = get_object_or_404(program.activities, pk=activity_pk) if activity_pk else None
    form = ActivityForm(request.POST or None, instance=activity, program=program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity was saved."))
        return redirect(f"{program.get_absolute_url()}#activities")
    return render(request, "five_r/activity_form.html", {"form": form, "program": program})


@login_required
def attendance(request, pk: int, activity_pk: int):
    program = _program_for(request, pk, "work_on")
    activity = get_object_or_404(program.activities, pk=activity_pk)
    firms = [activity.firm] if activity.firm_id else list(program.participants.order_by("name"))
    rows = []
    for firm in firms:
        record = Attendance.objects.filter(activity=activity, firm=firm).first() or Attendance(
            activity=activity, firm=firm
        )
        rows.append(
            (firm, AttendanceForm(request.POST or None, instance=record, prefix=f"f{firm.pk}"))
        )
    if request.method == "POST" and all(form.is_valid() for _firm, form in rows):
        with transaction.atomic():
            for _firm, form in rows:
                form.save()
        messages.success(request, _("Attendance was saved."))
        return redirect(f"{program.get_absolute_url()}#activities")
    return render(
        request,
        "five_r/attendance_form.html",
        {"program": program, "activity": activity, "rows": rows},
    )


@login_required
def calendar_view(request):
    """A mentor's field visits (and the group activities of their programs) by month."""
    try:
        year, month = map(int, request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = timezone.localdate().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    user = request.user
    activities = (
        Activity.objects.filter(date__range=(first, last))
        .filter(
            Q(mentor=user)
            | Q(program__mentors=user, firm__isnull=True)
            | Q(program__in=restrict(Program.objects.all(), user, "change"))
        )
        .select_related("program", "firm")
        .distinct()
        .order_by("date", "starts_at")
    )
    by_day: dict[int, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(activity.date.day, []).append(activity)
    weeks = [
        [(d, by_day.get(d, [])) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
    ]
    previous = (first.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    following = last + timezone.timedelta(days=1)
    return render(
        request,
        "five_r/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "activities": activities,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "weekdays": [date(2024, 1, d) for d in range(1, 8)],  # a Monday-first week
        },
    )


# ---- checklists -----------------------------------------------------------------------------


@login_required
def template_list(request):
    templates = restrict(AuditTemplate.objects.all(), request.user).annotate(
        items=Count("sections__items", distinct=True), used=Count("audits", distinct=True)
    )
    return render(
        request,
        "five_r/template_list.html",
        {"templates": templates, "can_manage": can(request.user, "add", model=AuditTemplate)},
    )


@login_required
def template_detail(request, pk: int):
    template = get_for(request.user, AuditTemplate, pk=pk)
    sections = template.sections.prefetch_related("items")
    return render(
        request,
        "five_r/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "can_manage": can(request.user, "change", template),
        },
    )


@login_required
def template_export(request, pk: int, file_format: str):
    template = get_for(request.user, AuditTemplate, pk=pk)
    if file_format == "json":
        content, mime = checklists.to_json(template), "application/json"
    elif file_format == "xlsx":
        content = checklists.to_xlsx(template)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="{template.code}-v{template.version}.{file_format}"'
    )
    return response


@login_required
def template_import(request):
    require(request.user, "add", model=AuditTemplate)
    form = ImportChecklistForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            data = (
                checklists.from_xlsx(raw)
                if upload.name.lower().endswith(".xlsx")
                else checklists.from_json(raw)
            )
            template = checklists.create(data, user=request.user)
        except ValidationError as exc:
            for message in exc.messages[:30]:
                form.add_error("file", message)
        else:
            messages.success(request, _("Imported as %(template)s.") % {"template": template})
            return redirect(template)
    return render(request, "five_r/template_import.html", {"form": form})


@login_required
@require_POST
def template_new_version(request, pk: int):
    template = get_for(request.user, AuditTemplate, "change", pk=pk)
    copy = checklists.new_version(template, user=request.user)
    messages.success(
        request,
        _(
            "Version %(version)d was made. Download it, edit it and import it "
            "to change items; audits keep the version they used."
        )
        % {"version": copy.version},
    )
    return redirect(copy)


# ---- audits ---------------------------------------------------------------------------------


@login_required
def audit_list(request):
    audits = Audit.objects.restrict(request.user, "view").select_related("firm", "program")
    phase, status = request.GET.get("phase"), request.GET.get("status")
    if phase in Audit.Phase.values:
        audits = audits.filter(phase=phase)
    if status in Audit.Status.values:
        audits = audits.filter(status=status)
    return render(
        request,
        "five_r/audit_list.html",
        {
            "audits": audits[:200],
            "phases": Audit.Phase.choices,
            "statuses": Audit.Status.choices,
            "can_add": can(request.user, "add", model=Audit),
        },
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


def _section_nav(audit: Audit, section: Section):
    sections = list(audit.template.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    answered = dict(
        Answer.objects.filter(audit=audit)
        .filter(Q(score__isnull=False) | Q(not_applicable=True))
        .values_list("item__section_id")
        .annotate(n=Count("pk"))
    )
    totals = dict(
        Item.objects.filter(section__template=audit.template)
        .values_list("section_id")
        .annotate(n=Count("pk"))
    )
    nav = [(s, answered.get(s.pk, 0), totals.get(s.pk, 0)) for s in sections]
    return (
        nav,
        (sections[index - 1] if index else None),
        (sections[index + 1] if index + 1 < len(sections) else None),
    )


@login_required
def audit_capture(request, pk: int, section: str):
    """One R at a time, built for a phone: every change is saved as it is made."""
    audit = _audit_for(request, pk, "change")
    if not audit.is_draft:
        return redirect(audit)
    current = get_object_or_404(audit.template.sections, code=section)
    items = list(current.items.all())
    answers = {a.item_id: a for a in audit.answers.filter(item__in=items)}
    photos_by_item: dict[int, list[Photo]] = {}
    for photo in audit.photos.filter(item__in=items):
        photos_by_item.setdefault(photo.item_id, []).append(photo)
    if request.method == "POST":  # without JavaScript: the whole section at once
        errors = _save_section(request, audit, items)
        if not errors:
            target = request.POST.get("next") or ""
            nav, _prev, nxt = _section_nav(audit, current)
            if target == "next" and nxt:
                return redirect("five_r:audit-capture", pk=audit.pk, section=nxt.code)
            if target == "review" or not nxt:
                return redirect("five_r:audit-submit", pk=audit.pk)
            return redirect("five_r:audit-capture", pk=audit.pk, section=current.code)
        for error in errors:
            messages.error(request, error)
        answers = {a.item_id: a for a in audit.answers.filter(item__in=items)}
    nav, previous, following = _section_nav(audit, current)
    return render(
        request,
        "five_r/audit_capture.html",
        {
            "audit": audit,
            "section": current,
            "nav": nav,
            "previous": previous,
            "following": following,
            "entries": [
                (item, answers.get(item.pk), photos_by_item.get(item.pk, [])) for item in items
            ],
            "scale": audit.template.scale(),
            "photo_form": PhotoForm(),
        },
    )


def _parse_answer(data, prefix: str = ""):
    raw = data.get(f"{prefix}score", "")
    not_applicable = raw == "na"
    score = int(raw) if raw.isdigit() else None
    return score, not_applicable, data.get(f"{prefix}comment", "")


def _save_section(request, audit, items) -> list[str]:
    errors = []
    for item in items:
        score, not_applicable, comment = _parse_answer(request.POST, f"i{item.pk}-")
        if (
            score is None
            and not not_applicable
            and not comment
            and not Answer.objects.filter(audit=audit, item=item).exists()
        ):
            continue
        try:
            services.save_answer(
                audit=audit,
                item=item,
                score=score,
                not_applicable=not_applicable,
                comment=comment,
                user=request.user,
            )
        except ValidationError as exc:
            errors += [f"{item.code}: {m}" for m in exc.messages]
    return errors


@login_required
@require_POST
def audit_answer(request, pk: int, item_pk: int):
    """Autosave of one item (htmx)."""
    audit = _audit_for(request, pk, "change")
    item = get_object_or_404(Item, pk=item_pk, section__template=audit.template)
    score, not_applicable, comment = _parse_answer(request.POST, f"i{item.pk}-")
    try:
        answer = services.save_answer(
            audit=audit,
            item=item,
            score=score,
            not_applicable=not_applicable,
            comment=comment,
            user=request.user,
        )
    except ValidationError as exc:
        return render(request, "five_r/_saved.html", {"error": " ".join(exc.messages)}, status=422)
    return render(request, "five_r/_saved.html", {"answer": answer, "item": item})


@login_required
@require_POST
def audit_photo(request, pk: int, item_pk: int):
    audit = _audit_for(request, pk, "change")
    item = get_object_or_404(Item, pk=item_pk, section__template=audit.template)
    form = PhotoForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.add_photo(
                upload=form.cleaned_data["photo"],
                user=request.user,
                audit=audit,
                item=item,
                kind=form.cleaned_data["kind"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for errors in form.errors.values() for m in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(
            f"{reverse('five_r:audit-capture', args=[audit.pk, item.section.code])}#item-{item.pk}"
        )
    return render(
        request,
        "five_r/_item_photos.html",
        {
            "audit": audit,
            "item": item,
            "photos": audit.photos.filter(item=item),
            "error": error,
            "photo_form": PhotoForm(),
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def photo_delete(request, pk: int):
    photo = get_object_or_404(Photo, pk=pk, audit__isnull=False)
    audit = _audit_for(request, photo.audit_id, "change")
    item = photo.item
    photo.delete()
    if request.htmx:
        return render(
            request,
            "five_r/_item_photos.html",
            {
                "audit": audit,
                "item": item,
                "photos": audit.photos.filter(item=item),
                "photo_form": PhotoForm(),
            },
        )
    return redirect("five_r:audit-capture", pk=audit.pk, section=item.section.code)


@login_required
def photo_file(request, pk: int, size: str):
    photo = get_object_or_404(Photo.objects.select_related("audit", "action__audit"), pk=pk)
    audit_id = photo.audit_id or (photo.action.audit_id if photo.action_id else None)
    if audit_id is None:
        raise Http404
    _audit_for(request, audit_id)  # 404 unless he sees the audit
    field = photo.thumbnail if size == "thumb" else photo.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def audit_submit(request, pk: int):
    audit = _audit_for(request, pk, "change")
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
            "sections": audit.template.sections.all(),
        },
    )


@login_required
def audit_detail(request, pk: int):
    audit = _audit_for(request, pk)
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
            "red_tags": audit.red_tags.all(),
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
def audit_correct(request, pk: int, item_pk: int):
    audit = _audit_for(request, pk, "correct")
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
            form.add_error(None, exc)
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
        obj = _audit_for(request, pk)
        title = _("5R audit report: %(audit)s") % {"audit": obj}
    elif kind in {"program", "program-xlsx"}:
        obj = _program_for(request, pk)
        title = (
            _("5R program report: %(program)s")
            if kind == "program"
            else _("5R program results (XLSX): %(program)s")
        ) % {"program": obj}
    else:
        raise Http404
    job = new_job(
        request,
        "five_r_report",
        title,
        report=kind,
        object_id=obj.pk,
        report_language=language if language in ("id", "en") else "id",
    )
    enqueue_job(tasks.build_report, job)
    return redirect(job)


# ---- actions and red tags -------------------------------------------------------------------


@login_required
def action_list(request):
    actions = restrict(CorrectiveAction.objects.all(), request.user, "view").select_related(
        "audit__firm", "item"
    )
    show = request.GET.get("show", "open")
    if show == "open":
        actions = actions.open()
    elif show == "overdue":
        actions = actions.overdue()
    return render(request, "five_r/action_list.html", {"actions": actions[:300], "show": show})


@login_required
def action_detail(request, pk: int):
    action = get_for(
        request.user,
        CorrectiveAction.objects.select_related("audit__firm", "item"),
        "change",
        pk=pk,
    )
    form = ActionForm(request.POST or None, request.FILES or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_action(
                action=action,
                user=request.user,
                status=data["status"],
                action_text=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                closing_note=data["closing_note"],
                photo_upload=data.get("photo"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action was updated."))
            return redirect(action)
        action.refresh_from_db()
    return render(
        request,
        "five_r/action_detail.html",
        {
            "action": action,
            "form": form,
            "photos": action.photos.all(),
            "history": action.history.select_related("history_user")[:20],
        },
    )


def _firm_for_results(request, firm_pk: int) -> Firm:
    firm = get_for(request.user, Firm, pk=firm_pk)
    if not Audit.objects.restrict(request.user, "view").filter(firm=firm).exists():
        require(request.user, "view_private", firm)  # no audit he sees: the firm's own people
    return firm


@login_required
def firm_results(request, firm_pk: int):
    """A firm's 5R story: audits, radar, baseline vs final, trend, actions, photos, readiness."""
    firm = _firm_for_results(request, firm_pk)
    audits = list(
        Audit.objects.restrict(request.user, "view")
        .filter(firm=firm)
        .select_related("template", "program")
        .order_by("date", "pk")
    )
    submitted = [a for a in audits if not a.is_draft]
    sections = list(submitted[-1].template.sections.all()) if submitted else []
    labels = [s.short_label for s in sections]
    baseline = next((a for a in submitted if a.phase == Audit.Phase.BASELINE), None)
    final = next((a for a in reversed(submitted) if a.phase == Audit.Phase.FINAL), None)
    compare = None
    if baseline or final:
        compare = charts.radar(
            labels,
            [
                (
                    f"{a.get_phase_display()} {a.date:%d-%m-%Y}",
                    [
                        a.section_scores.get(s.code) and float(a.section_scores[s.code])
                        for s in sections
                    ],
                )
                for a in (baseline, final)
                if a
            ],
        )
    trend = (
        charts.trend(
            [f"{a.date:%d-%m-%Y}" for a in submitted], [a.overall_score for a in submitted]
        )
        if len(submitted) > 1
        else None
    )
    actions = CorrectiveAction.objects.filter(audit__in=[a.pk for a in audits]).select_related(
        "item"
    )
    return render(
        request,
        "five_r/firm_results.html",
        {
            "firm": firm,
            "audits": audits,
            "submitted": submitted,
            "sections": sections,
            "baseline": baseline,
            "final": final,
            "compare": compare,
            "trend": trend,
            "open_actions": actions.open(),
            "pairs": results.photo_pairs(submitted),
            "readiness": readiness.assess_firm(firm),
            "red_tags": firm.red_tags.all()[:50],
            "can_tag": can(request.user, "add", RedTag(firm=firm)),
        },
    )


@login_required
def red_tag_edit(request, firm_pk: int, tag_pk: int | None = None):
    firm = _firm_for_results(request, firm_pk)
    tag = get_object_or_404(firm.red_tags, pk=tag_pk) if tag_pk else RedTag(firm=firm)
    require(request.user, "change" if tag.pk else "add", tag)
    form = RedTagForm(request.POST or None, instance=tag)
    if request.method == "POST" and form.is_valid():
        tag = form.save(commit=False)
        tag.firm = firm
        tag._history_user = request.user
        tag.save()
        messages.success(request, _("The red tag was saved."))
        return redirect(f"{reverse('five_r:firm-results', args=[firm.pk])}#red-tags")
    return render(request, "five_r/red_tag_form.html", {"firm": firm, "form": form, "tag": tag})


@login_required
def ladder(request):
    return render(request, "five_r/ladder.html", {"levels": ReadinessLevel.objects.all()})
