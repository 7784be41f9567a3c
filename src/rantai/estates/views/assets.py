"""Facilities and assets of an estate, their condition checks and maintenance. Every signed-in
user sees them; the estate's managers add and change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.history import model_entries
from rantai.core.lists import ListView
from rantai.estates import assets as services
from rantai.estates import charts
from rantai.estates.filters import AssetFilterSet
from rantai.estates.forms import AssetForm, CheckForm, MaintenanceForm
from rantai.estates.models import Asset, Booking, ConditionCheck
from rantai.estates.tables import AssetTable
from rantai.estates.views.estates import estate_for


def _asset(request, pk: int, action: str = "view") -> Asset:
    return get_for(request.user, Asset.objects.select_related("estate__manager"), action, pk=pk)


class AssetListView(ListView):
    filterset_class = AssetFilterSet
    table_class = AssetTable
    template_name = "estates/asset_list.html"

    def get(self, request, *args, **kwargs):
        self.estate = estate_for(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        now = timezone.now()
        return restrict(self.estate.assets.all(), self.request.user).annotate(
            last_checked=Max("checks__checked_on"),
            upcoming=Count(
                "bookings",
                filter=Q(bookings__status=Booking.Status.CONFIRMED, bookings__ends_at__gt=now),
            ),
        )

    def get_context_data(self, **kwargs):
        summary = services.funding_summary(self.estate)
        return super().get_context_data(
            estate=self.estate,
            summary=summary,
            chart=charts.funding(summary),
            can_manage=can(self.request.user, "add", Asset(estate=self.estate)),
            **kwargs,
        )


@login_required
def asset_create(request, pk: int):
    estate = estate_for(request, pk)
    asset = Asset(estate=estate)
    require(request.user, "add", asset)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_asset(form.instance, user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(asset)s was added.") % {"asset": form.instance.name})
            return redirect(form.instance)
    return render(
        request, "estates/asset_form.html", {"estate": estate, "form": form, "asset": None}
    )


@login_required
def asset_update(request, pk: int):
    asset = _asset(request, pk, "change")
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_asset(form.instance, user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(form.instance)
    return render(
        request, "estates/asset_form.html", {"estate": asset.estate, "form": form, "asset": asset}
    )


@login_required
def asset_detail(request, pk: int):
    asset = _asset(request, pk)
    estate = asset.estate
    # Condition checks and maintenance are changes of the asset (estates.change_asset).
    can_manage = can(request.user, "change", asset)
    check_form = CheckForm(initial={"checked_on": timezone.localdate()})
    maintenance_form = MaintenanceForm(initial={"done_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, "change", asset)
        if request.POST.get("form") == "maintenance":
            maintenance_form = MaintenanceForm(request.POST)
            if maintenance_form.is_valid():
                try:
                    services.add_maintenance(asset=asset, **maintenance_form.cleaned_data)
                except ValidationError as exc:
                    add_errors(maintenance_form, exc)
                else:
                    messages.success(request, _("The maintenance was recorded."))
                    return redirect(f"{asset.get_absolute_url()}#maintenance")
        else:
            check_form = CheckForm(request.POST, request.FILES)
            if check_form.is_valid():
                try:
                    services.add_check(asset=asset, user=request.user, **check_form.cleaned_data)
                except ValidationError as exc:
                    add_errors(check_form, exc)
                else:
                    messages.success(request, _("The condition check was recorded."))
                    return redirect(f"{asset.get_absolute_url()}#checks")
    maintenance = asset.maintenance.all()
    return render(
        request,
        "estates/asset_detail.html",
        {
            "estate": estate,
            "asset": asset,
            "checks": asset.checks.select_related("checked_by"),
            "maintenance": maintenance,
            "maintenance_cost": maintenance.aggregate(total=Sum("cost"))["total"],
            "bookings": upcoming_bookings(asset=asset)[:20] if asset.bookable else None,
            "can_manage": can_manage,
            "can_book": asset.bookable and can(request.user, "book", estate),
            "check_form": check_form,
            "maintenance_form": maintenance_form,
            "timeline": (
                model_entries(Asset, Asset.history.filter(id=asset.pk), 50, main=True)
                if can_manage
                else None
            ),
        },
    )


@login_required
def check_photo(request, pk: int):
    check = get_for(request.user, ConditionCheck.objects.select_related("asset__estate"), pk=pk)
    if not check.photo:
        raise Http404
    response = FileResponse(check.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def upcoming_bookings(**filters):
    return (
        Booking.objects.filter(status=Booking.Status.CONFIRMED, ends_at__gt=timezone.now())
        .filter(**filters)
        .select_related("asset", "firm")
        .order_by("starts_at", "pk")
    )
