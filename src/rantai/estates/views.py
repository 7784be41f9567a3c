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
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.accounts.actors import actor_for
from rantai.core import charts
from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.estates import occupancy, services
from rantai.estates.filters import ApplicationFilterSet, EstateFilterSet, LeaseFilterSet
from rantai.estates.forms import (
    ApplicationForm,
    EndLeaseForm,
    LeaseForm,
    PaymentForm,
    RenewForm,
    UnitStatusForm,
)
from rantai.estates.models import Application, Estate, Lease, Unit
from rantai.estates.tables import ApplicationTable, EstateTable, LeaseTable

QUEUE = [Application.Status.WAITING, Application.Status.OFFERED]
DONE = [Application.Status.LEASED, Application.Status.WITHDRAWN]


def _estate(request, pk: int, action: str = "view") -> Estate:
    """The estate of the URL if the user may ``action`` it (view, manage, report)."""
    return get_for(request.user, Estate.objects.select_related("manager", "village"), action, pk=pk)


def _lease(request, pk: int) -> Lease:
    return get_for(request.user, Lease.objects.select_related("estate", "tenant"), pk=pk)


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


class LeaseListView(ListView):
    """An estate's leases with what each owes: the active ones, unless ``?all=1`` or a
    ``?status=`` asks otherwise."""

    filterset_class = LeaseFilterSet
    table_class = LeaseTable
    template_name = "estates/lease_list.html"

    def get(self, request, *args, **kwargs):
        self.estate = _estate(request, kwargs["pk"])
        self.today = timezone.localdate()
        if not self.get_queryset().exists():  # an estate without leases he sees: its managers'
            require(request.user, "manage", self.estate)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            restrict(Lease.objects.all(), self.request.user)
            .filter(estate=self.estate)
            .select_related("tenant")
            .prefetch_related("units")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "status" not in self.request.GET and self.request.GET.get("all") != "1":
            kwargs["data"] = self.request.GET.copy()
            kwargs["data"]["status"] = Lease.Status.ACTIVE
        return kwargs

    def get_table_kwargs(self):
        return {"day": self.today}

    def get_context_data(self, **kwargs):
        leases = self.object_list
        soon = (self.today, self.today + timedelta(days=90))
        return super().get_context_data(
            estate=self.estate,
            total_owed=sum(occupancy.arrears(lease, self.today).owed for lease in leases),
            show_all=self.request.GET.get("all") == "1",
            can_manage=can(self.request.user, "manage", self.estate),
            ending=leases.filter(status=Lease.Status.ACTIVE, ends_on__range=soon).order_by(
                "-starts_on"
            ),
            **kwargs,
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


class WaitingListView(ListView):
    """An estate's waiting list (firms waiting or offered a unit, unless ``?status=`` asks for
    others), with the form that adds a firm to it; for the estate's managers."""

    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    template_name = "estates/waiting_list.html"
    form = None

    def get(self, request, *args, **kwargs):
        self.estate = _estate(request, kwargs["pk"], "manage")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.estate = _estate(request, kwargs["pk"], "manage")
        action = request.POST.get("action", "add")
        if action in ("offer", "withdraw"):
            _answer_application(request, self.estate, action)
            return redirect("estates:waiting", pk=self.estate.pk)
        self.form = ApplicationForm(request.POST, estate=self.estate)
        if action == "add" and self.form.is_valid():
            application = self.form.save(commit=False)
            application.estate = self.estate
            application.save()
            messages.success(
                request, _("%(firm)s is on the waiting list.") % {"firm": application.firm}
            )
            return redirect("estates:waiting", pk=self.estate.pk)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(self.estate.applications.all(), self.request.user).select_related(
            "firm", "kbli", "wanted_type", "offered_unit"
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "status" not in self.request.GET:
            kwargs["data"] = self.request.GET.copy()
            kwargs["data"].setlist("status", QUEUE)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            estate=self.estate,
            form=self.form
            or ApplicationForm(estate=self.estate, initial={"applied_on": timezone.localdate()}),
            vacant=self.estate.units.filter(status=Unit.Status.VACANT).select_related("type"),
            earlier=urlencode({"status": DONE}, doseq=True),
            **kwargs,
        )


def _answer_application(request, estate: Estate, action: str) -> None:
    """Offer a vacant unit to an application, or withdraw the offer."""
    application = get_for(
        request.user, estate.applications.all(), "change", pk=request.POST.get("application")
    )
    try:
        if action == "offer":
            unit = get_for(request.user, estate.units.all(), "change", pk=request.POST.get("unit"))
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
