"""Facilities and assets of an estate, their condition checks and maintenance, and the booking
calendar of the shared facilities. Every signed-in user sees them; the estate's managers add
and change them; members of a firm book for their firm (managers for any firm)."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.history import model_entries
from rantai.core.lists import ListView
from rantai.estates import assets as services
from rantai.estates import charts
from rantai.estates.filters import AssetFilterSet, BookingFilterSet
from rantai.estates.forms import AssetForm, BookingForm, CheckForm, MaintenanceForm
from rantai.estates.models import Asset, Booking, ConditionCheck, Estate
from rantai.estates.tables import AssetTable, BookingTable

# ---- helpers ---------------------------------------------------------------------------------


def _estate(request, pk: int, action: str = "view") -> Estate:
    return get_for(request.user, Estate.objects.select_related("manager"), action, pk=pk)


def _asset(request, pk: int, action: str = "view") -> Asset:
    return get_for(request.user, Asset.objects.select_related("estate__manager"), action, pk=pk)


def _apply(form, exc: ValidationError) -> None:
    """A service's errors on the form: on their field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _upcoming_bookings(**filters):
    return (
        Booking.objects.filter(status=Booking.Status.CONFIRMED, ends_at__gt=timezone.now())
        .filter(**filters)
        .select_related("asset", "firm")
        .order_by("starts_at", "pk")
    )


# ---- assets ----------------------------------------------------------------------------------


class AssetListView(ListView):
    filterset_class = AssetFilterSet
    table_class = AssetTable
    template_name = "estates/asset_list.html"

    def get(self, request, *args, **kwargs):
        self.estate = _estate(request, kwargs["pk"])
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
    estate = _estate(request, pk)
    asset = Asset(estate=estate)
    require(request.user, "add", asset)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_asset(form.instance, user=request.user)
        except ValidationError as exc:
            _apply(form, exc)
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
            _apply(form, exc)
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
                    _apply(maintenance_form, exc)
                else:
                    messages.success(request, _("The maintenance was recorded."))
                    return redirect(f"{asset.get_absolute_url()}#maintenance")
        else:
            check_form = CheckForm(request.POST, request.FILES)
            if check_form.is_valid():
                try:
                    services.add_check(asset=asset, user=request.user, **check_form.cleaned_data)
                except ValidationError as exc:
                    _apply(check_form, exc)
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
            "bookings": _upcoming_bookings(asset=asset)[:20] if asset.bookable else None,
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


# ---- bookings --------------------------------------------------------------------------------


def _default_start():
    """Tomorrow at 09.00, local time."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time(9)))


class BookingListView(ListView):
    """The upcoming bookings of an estate's shared facilities (of one with ``?asset=``), and the
    form to book one."""

    filterset_class = BookingFilterSet
    table_class = BookingTable
    template_name = "estates/booking_list.html"
    form = None

    def get(self, request, *args, **kwargs):
        self._page(request, kwargs["pk"])
        if self.can_book and self.bookable:
            start = _default_start()
            self.form = BookingForm(
                estate=self.estate,
                user=request.user,
                initial={
                    "asset": self.chosen.pk if self.chosen else None,
                    "starts_at": timezone.localtime(start),
                    "ends_at": timezone.localtime(start + timedelta(hours=3)),
                },
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._page(request, kwargs["pk"])
        require(request.user, "book", self.estate)
        self.form = BookingForm(request.POST, estate=self.estate, user=request.user)
        if self.form.is_valid():
            try:
                booking = services.book(user=request.user, **self.form.cleaned_data)
            except ValidationError as exc:
                _apply(self.form, exc)
            else:
                messages.success(request, _booked(booking))
                url = reverse("estates:bookings", args=[self.estate.pk])
                return redirect(f"{url}?asset={booking.asset_id}#booking-{booking.pk}")
        return super().get(request, *args, **kwargs)

    def _page(self, request, pk: int) -> None:
        self.estate = _estate(request, pk)
        self.can_book = can(request.user, "book", self.estate)
        self.bookable = self.estate.assets.filter(bookable=True).order_by("name")
        asset = request.GET.get("asset", "")
        self.chosen = self.bookable.filter(pk=asset).first() if asset.isdigit() else None

    def get_queryset(self):
        return restrict(_upcoming_bookings(asset__estate=self.estate), self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            estate=self.estate,
            bookable=self.bookable,
            chosen=self.chosen,
            form=self.form,
            can_book=self.can_book,
            can_manage=can(self.request.user, "manage", self.estate),
            max_days=services.MAX_BOOKING.days,
            **kwargs,
        )


def _booked(booking: Booking) -> str:
    return _("%(asset)s is booked for %(firm)s on %(when)s.") % {
        "asset": booking.asset.name,
        "firm": booking.firm.name,
        "when": services.period_text(booking.starts_at, booking.ends_at),
    }


@login_required
@require_POST
def booking_cancel(request, pk: int):
    booking = get_for(
        request.user, Booking.objects.select_related("asset__estate", "firm"), "cancel", pk=pk
    )
    try:
        services.cancel_booking(booking, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The booking of %(asset)s by %(firm)s on %(when)s was cancelled.")
            % {
                "asset": booking.asset.name,
                "firm": booking.firm.name,
                "when": services.period_text(booking.starts_at, booking.ends_at),
            },
        )
    return redirect("estates:bookings", pk=booking.asset.estate_id)
