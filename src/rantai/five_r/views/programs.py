"""5R programs: list, form, detail, activities and attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.five_r import charts, results, services
from rantai.five_r.filters import ProgramFilterSet
from rantai.five_r.forms import ActivityForm, AttendanceForm, ProgramForm
from rantai.five_r.models import Attendance, Program
from rantai.five_r.tables import ProgramTable


def program_for(request, pk: int, action: str = "view") -> Program:
    return get_for(request.user, Program, action, pk=pk)


class ProgramListView(ListView):
    filterset_class = ProgramFilterSet
    table_class = ProgramTable
    template_name = "five_r/program_list.html"

    def get_queryset(self):
        return (
            restrict(Program.objects.all(), self.request.user, "view")
            .select_related("organiser", "region")
            .annotate(firms=Count("participations", distinct=True))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=can(self.request.user, "add", model=Program), **kwargs
        )


def _save_program(request, form):
    program = form.instance
    if not can(request.user, "change", program) and program.region_id:
        form.add_error("region", _("This region is outside your remit."))
        return None
    with transaction.atomic():
        program = form.save()
        services.set_participants(program=program, firms=form.cleaned_data["participants"])
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
    program = program_for(request, pk, "change")
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _save_program(request, form)
        if response:
            return response
    return render(request, "five_r/program_form.html", {"form": form, "program": program})


@login_required
def program_detail(request, pk: int):
    program = program_for(request, pk)
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
    program = program_for(request, pk, "change")
    activity = get_object_or_404(program.activities, pk=activity_pk) if activity_pk else None
    form = ActivityForm(request.POST or None, instance=activity, program=program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity was saved."))
        return redirect(f"{program.get_absolute_url()}#activities")
    return render(request, "five_r/activity_form.html", {"form": form, "program": program})


@login_required
def attendance(request, pk: int, activity_pk: int):
    program = program_for(request, pk, "work_on")
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
