from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
from rantai.estates import occupancy, services
from rantai.estates.forms import (
    ApplicationForm,
    EndLeaseForm,
    LeaseForm,
    PaymentForm,
    RenewForm,
    UnitStatusForm,
)
from rantai.estates.models import Application, Estate, Lease, Unit


def _estate(request, pk: int, action: str = "view") -> Estate:
    """The estate of the URL if the user may ``action`` it (view, manage, report)."""
    return get_for(request.user, Estate.objects.select_related("manager", "village"), action, pk=pk)


def _lease(request, pk: int) -> Lease:
    return get_for(request.user, Lease.objects.select_related("estate", "tenant"), pk=pk)


@login_required
def estate_list(request):
    estates = restrict(Estate.objects.select_related("village"), request.user).annotate(
        n_units=Count("units", distinct=True),
        n_occupied=Count("units", filter=Q(units__status=Unit.Status.OCCUPIED), distinct=True),
    )
    return render(request, "estates/estate_list.html", {"estates": estates})


@login_required
def estate_detail(request, pk: int):
    estate = _estate(request, pk)
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
def lease_list(request, pk: int):
    estate = _estate(request, pk)
    today = timezone.localdate()
    leases = (
        restrict(Lease.objects.all(), request.user).filter(estate=estate).select_related("tenant")
    )
    if not leases.exists():  # an estate without leases he sees: its managers' page
        require(request.user, "manage", estate)
    show_all = request.GET.get("all") == "1"
    shown = leases if show_all else leases.filter(status=Lease.Status.ACTIVE)
    rows = [
        (lease, occupancy.arrears(lease, today))
        for lease in shown.prefetch_related("units").order_by("status", "-starts_on")
    ]
    return render(
        request,
        "estates/lease_list.html",
        {
            "estate": estate,
            "rows": rows,
            "total_owed": sum(a.owed for _lease, a in rows),
            "show_all": show_all,
            "can_manage": can(request.user, "manage", estate),
            "ending": [
                lease
                for lease, _a in rows
                if lease.status == Lease.Status.ACTIVE
                and today <= lease.ends_on <= today + timedelta(days=90)
            ],
        },
    )


@login_required
def lease_create(request, pk: int):
    estate = _estate(request, pk, "manage")
    application = None
    initial = {"starts_on": timezone.localdate(), "deposit": 0}
    if request.GET.get("application"):
        application = get_for(
            request.user, estate.applications.all(), pk=request.GET["application"]
        )
        initial["tenant"] = application.firm_id
        if application.offered_unit_id:
            initial["units"] = [application.offered_unit_id]
    if request.GET.get("unit"):
        initial["units"] = [request.GET["unit"]]
    if initial.get("units"):
        fee = sum(
            u.type.monthly_fee
            for u in Unit.objects.filter(pk__in=initial["units"]).select_related("type")
        )
        initial["monthly_fee"] = fee
        # Three years: from 1 March 2028 to 28 February 2031, from 29 February to 28 February.
        initial["ends_on"] = initial["starts_on"] - timedelta(days=1) + relativedelta(years=3)
    form = LeaseForm(request.POST or None, estate=estate, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lease = services.lease(
                estate=estate,
                units=list(data["units"]),
                tenant=data["tenant"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                monthly_fee=data["monthly_fee"],
                deposit=data["deposit"] or 0,
                terms=data["terms"],
                number=data["number"],
                application=application,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The lease was recorded."))
            return redirect(lease)
    return render(
        request,
        "estates/lease_form.html",
        {"estate": estate, "form": form, "application": application},
    )


@login_required
def lease_detail(request, pk: int):
    lease = _lease(request, pk)
    can_manage = can(request.user, "change", lease)
    payment_form = PaymentForm(
        initial={"paid_on": timezone.localdate(), "amount": lease.monthly_fee}
    )
    if request.method == "POST":
        require(request.user, "change", lease)
        action = request.POST.get("action")
        try:
            if action == "payment":
                payment_form = PaymentForm(request.POST)
                if payment_form.is_valid():
                    services.record_payment(
                        lease_=lease, user=request.user, **payment_form.cleaned_data
                    )
                    messages.success(request, _("The payment was recorded."))
                    return redirect(lease)
            elif action == "end":
                form = EndLeaseForm(request.POST)
                if form.is_valid():
                    services.end_lease(lease, **form.cleaned_data)
                    messages.success(request, _("The lease was ended."))
                    return redirect(lease)
                messages.error(request, _("Give the last day of the lease."))
            elif action == "renew":
                form = RenewForm(request.POST)
                if form.is_valid():
                    new = services.renew(lease, **form.cleaned_data)
                    messages.success(request, _("The lease was renewed."))
                    return redirect(new)
                messages.error(request, _("Give the new end date."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(lease)
    from rantai.estates.history import lease_timeline

    return render(
        request,
        "estates/lease_detail.html",
        {
            "lease": lease,
            "estate": lease.estate,
            "units": lease.units.select_related("type"),
            "payments": lease.payments.select_related("recorded_by"),
            "arrears": occupancy.arrears(lease),
            "can_manage": can_manage,
            "payment_form": payment_form,
            "end_form": EndLeaseForm(initial={"on": timezone.localdate()}),
            "renew_form": RenewForm(initial={"ends_on": lease.ends_on + relativedelta(years=3)}),
            "timeline": lease_timeline(lease),
        },
    )


@login_required
def waiting_list(request, pk: int):
    estate = _estate(request, pk, "manage")
    form = ApplicationForm(
        request.POST or None, estate=estate, initial={"applied_on": timezone.localdate()}
    )
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if action == "add" and form.is_valid():
            application = form.save(commit=False)
            application.estate = estate
            application.save()
            messages.success(
                request, _("%(firm)s is on the waiting list.") % {"firm": application.firm}
            )
            return redirect("estates:waiting", pk=estate.pk)
        if action in ("offer", "withdraw"):
            application = get_for(
                request.user,
                estate.applications.all(),
                "change",
                pk=request.POST.get("application"),
            )
            try:
                if action == "offer":
                    unit = get_for(
                        request.user, estate.units.all(), "change", pk=request.POST.get("unit")
                    )
                    services.offer(application, unit)
                    messages.success(
                        request,
                        _("Unit %(unit)s is offered to %(firm)s.")
                        % {"unit": unit.code, "firm": application.firm},
                    )
                else:
                    services.withdraw_offer(application)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("estates:waiting", pk=estate.pk)
    applications = estate.applications.select_related("firm", "kbli", "wanted_type", "offered_unit")
    return render(
        request,
        "estates/waiting_list.html",
        {
            "estate": estate,
            "form": form,
            "waiting": applications.filter(
                status__in=[Application.Status.WAITING, Application.Status.OFFERED]
            ),
            "done": applications.exclude(
                status__in=[Application.Status.WAITING, Application.Status.OFFERED]
            )[:20],
            "vacant": estate.units.filter(status=Unit.Status.VACANT).select_related("type"),
        },
    )


@login_required
def occupancy_view(request, pk: int, file_format: str = "html"):
    estate = _estate(request, pk)
    today = timezone.localdate()
    now = occupancy.on(estate, today)
    start = date(today.year - 3, today.month, 1)
    monthly = occupancy.series(estate, start, today)
    if file_format == "xlsx":
        from rantai.estates.reports import occupancy_xlsx

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
def close_expired(request, pk: int):
    estate = _estate(request, pk, "manage")
    ended = services.close_expired(estate=estate)
    messages.success(request, _("%(n)d expired leases were closed.") % {"n": len(ended)})
    return redirect(estate)


@login_required
@require_POST
def estate_report(request, pk: int):
    """The estate report (PDF or XLSX) as a background job: units, tenants, occupancy by sector,
    assets by funding source, arrears. For the estate's managers, officers and administrators."""
    estate = _estate(request, pk, "report")
    file_format = request.POST.get("format")
    if file_format not in {"pdf", "xlsx"}:
        raise Http404
    from rantai.core.jobs import enqueue_job, new_job
    from rantai.estates import tasks

    job = new_job(
        request,
        "estate_report",
        _("Estate report %(estate)s (%(format)s)")
        % {"estate": estate.name, "format": file_format.upper()},
        estate=estate.pk,
        day=timezone.localdate().isoformat(),
        format=file_format,
    )
    enqueue_job(tasks.estate_report, job)
    return redirect(job)
