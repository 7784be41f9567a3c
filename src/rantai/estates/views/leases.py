"""An estate's leases: the list with what each owes, recording a lease, a lease with its payments,
ending and renewal, and closing the expired ones."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.estates import occupancy, services
from rantai.estates.filters import LeaseFilterSet
from rantai.estates.forms import (
    EndLeaseForm,
    LeaseForm,
    PaymentForm,
    RenewForm,
)
from rantai.estates.history import lease_timeline
from rantai.estates.models import Lease, Unit
from rantai.estates.tables import LeaseTable
from rantai.estates.views.estates import estate_for


def _lease(request, pk: int) -> Lease:
    return get_for(request.user, Lease.objects.select_related("estate", "tenant"), pk=pk)


class LeaseListView(ListView):
    """An estate's leases with what each owes: the active ones, unless ``?all=1`` or a
    ``?status=`` asks otherwise."""

    filterset_class = LeaseFilterSet
    table_class = LeaseTable
    template_name = "estates/lease_list.html"

    def get(self, request, *args, **kwargs):
        self.estate = estate_for(request, kwargs["pk"])
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
    estate = estate_for(request, pk, "manage")
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
            add_errors(form, exc)
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
@require_POST
def close_expired(request, pk: int):
    estate = estate_for(request, pk, "manage")
    ended = services.close_expired(estate=estate)
    messages.success(request, _("%(n)d expired leases were closed.") % {"n": len(ended)})
    return redirect(estate)
