"""An estate: the list, its plan of units, a unit, occupancy over time and the estate report."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.accounts.actors import actor_for
from rantai.core import charts
from rantai.core.access import can, get_for, require, restrict
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.lists import ListView
from rantai.core.models import Job
from rantai.estates import occupancy, services, tasks
from rantai.estates.filters import EstateFilterSet
from rantai.estates.forms import UnitStatusForm
from rantai.estates.models import Application, Estate, Lease, Unit
from rantai.estates.reports import occupancy_xlsx
from rantai.estates.tables import EstateTable


def estate_for(request, pk: int, action: str = "view") -> Estate:
    """The estate of the URL if the user may ``action`` it (view, manage, report)."""
    return get_for(request.user, Estate.objects.select_related("manager", "village"), action, pk=pk)


class EstateListView(ListView):
    filterset_class = EstateFilterSet
    table_class = EstateTable
    template_name = "estates/estate_list.html"

    def get_queryset(self):
        return restrict(Estate.objects.select_related("village"), self.request.user).annotate(
            n_units=Count("units", distinct=True),
            n_occupied=Count("units", filter=Q(units__status=Unit.Status.OCCUPIED), distinct=True),
        )


@login_required
def estate_detail(request, pk: int):
    estate = estate_for(request, pk)
    today = timezone.localdate()
    units = list(estate.units.select_related("type", "block"))
    tenant_of = {}
    for lease in (
        occupancy.covering(estate, today).select_related("tenant").prefetch_related("units")
    ):
        for unit in lease.units.all():
            tenant_of[unit.pk] = lease
    rows = [units[i : i + estate.plan_columns] for i in range(0, len(units), estate.plan_columns)]
    actor = actor_for(request.user)
    return render(
        request,
        "estates/estate_detail.html",
        {
            "estate": estate,
            "plan": [[(u, tenant_of.get(u.pk)) for u in row] for row in rows],
            "now": occupancy.on(estate, today),
            "types": estate.unit_types.annotate(n=Count("units")),
            "can_manage": can(request.user, "manage", estate),
            "my_leases": Lease.objects.filter(estate=estate, tenant_id__in=actor.org_ids).order_by(
                "-starts_on"
            ),
            "waiting": estate.applications.filter(status=Application.Status.WAITING).count(),
            "statuses": Unit.Status.choices,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_for(request.user, Unit.objects.select_related("estate", "type", "block"), pk=pk)
    estate = unit.estate
    can_manage = can(request.user, "change", unit)
    if request.method == "POST":
        require(request.user, "change", unit)
        form = UnitStatusForm(request.POST)
        if form.is_valid() and unit.status in (Unit.Status.VACANT, Unit.Status.MAINTENANCE):
            unit.status = form.cleaned_data["status"]
            unit.note = form.cleaned_data["note"]
            unit.save(update_fields=["status", "note", "updated_at"])
            messages.success(
                request, _("The unit is now %(status)s.") % {"status": unit.get_status_display()}
            )
        else:
            messages.error(request, _("Only a vacant unit can go under maintenance and back."))
        return redirect(unit)
    leases = unit.leases.select_related("tenant").order_by("-starts_on")
    return render(
        request,
        "estates/unit_detail.html",
        {
            "unit": unit,
            "estate": estate,
            "leases": [(lease, can(request.user, "view", lease)) for lease in leases],
            "can_manage": can_manage,
            "next_applicant": services.next_applicant(unit)
            if can_manage and unit.status == Unit.Status.VACANT
            else None,
            "offered_to": Application.objects.filter(
                offered_unit=unit, status=Application.Status.OFFERED
            )
            .select_related("firm")
            .first(),
        },
    )


@login_required
def occupancy_view(request, pk: int, file_format: str = "html"):
    estate = estate_for(request, pk)
    today = timezone.localdate()
    now = occupancy.on(estate, today)
    start = date(today.year - 3, today.month, 1)
    monthly = occupancy.series(estate, start, today)
    if file_format == "xlsx":
        response = HttpResponse(
            occupancy_xlsx(estate, now, monthly, occupancy.vacancies(estate, today)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="hunian-{estate.pk}-{today:%Y%m%d}.xlsx"'
        )
        return response
    if file_format != "html":
        raise Http404
    chart = charts.trend(
        [date_format(d, "M y") for d, _u, _o in monthly],
        [100 * o / u if u else None for _d, u, o in monthly],
        label_every=6,
    )
    return render(
        request,
        "estates/occupancy.html",
        {
            "estate": estate,
            "now": now,
            "chart": chart,
            "monthly": monthly[-12:],
            "vacancies": occupancy.vacancies(estate, today),
            "can_report": can(request.user, "report", estate),
        },
    )


@login_required
@require_POST
def estate_report(request, pk: int):
    """The estate report (PDF or XLSX) as a background job: units, tenants, occupancy by sector,
    assets by funding source, arrears. For the estate's managers, officers and administrators."""
    estate = estate_for(request, pk, "report")
    file_format = request.POST.get("format")
    if file_format not in {"pdf", "xlsx"}:
        raise Http404
    job = new_job(
        request,
        Job.Kind.ESTATE_REPORT,
        _("Estate report %(estate)s (%(format)s)")
        % {"estate": estate.name, "format": file_format.upper()},
        estate=estate.pk,
        day=timezone.localdate().isoformat(),
        format=file_format,
    )
    enqueue_job(tasks.estate_report, job)
    return redirect(job)
