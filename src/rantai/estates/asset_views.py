"""Facilities and assets of an estate, their condition checks and maintenance, and the booking
calendar of the shared facilities. Every signed-in user sees them; the estate's managers add
and change them; members of a firm book for their firm (managers for any firm)."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.history import model_entries
from rantai.estates import assets as services
from rantai.estates import charts
from rantai.estates.forms import AssetForm, BookingForm, CheckForm, MaintenanceForm
from rantai.estates.models import Asset, Booking, ConditionCheck, Estate

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


def _by_day(bookings) -> list[tuple[date, list[tuple[Booking, str, str]]]]:
    """(day, [(booking, from, until)]) for each local day a booking touches, so a two-day
    booking shows on both days; '…' where it goes on from the day before or into the next."""
    days = {}
    for booking in bookings:
        start = timezone.localtime(booking.starts_at)
        end = timezone.localtime(booking.ends_at)
        last = (end - timedelta(microseconds=1)).date()
        day = start.date()
        while day <= last:
            shown_start = date_format(start, services.TIME_FORMAT) if day == start.date() else "…"
            if day == end.date():
                shown_end = date_format(end, services.TIME_FORMAT)
            elif day == last and end.time() == time(0):
                shown_end = "24.00"
            else:
                shown_end = "…"
            days.setdefault(day, []).append((booking, shown_start, shown_end))
            day += timedelta(days=1)
    return sorted(days.items())


# ---- assets ----------------------------------------------------------------------------------


@login_required
def asset_list(request, pk: int):
    estate = _estate(request, pk)
    now = timezone.now()
    rows = (
        restrict(estate.assets.all(), request.user)
        .annotate(
            last_checked=Max("checks__checked_on"),
            upcoming=Count(
                "bookings",
                filter=Q(bookings__status=Booking.Status.CONFIRMED, bookings__ends_at__gt=now),
            ),
        )
        .order_by("kind", "name")
    )
    summary = services.funding_summary(estate)
    return render(
        request,
        "estates/asset_list.html",
        {
            "estate": estate,
            "assets": rows,
            "summary": summary,
            "chart": charts.funding(summary),
            "can_manage": can(request.user, "add", Asset(estate=estate)),
        },
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


@login_required
def booking_list(request, pk: int):
    estate = _estate(request, pk)
    can_book = can(request.user, "book", estate)
    bookable = estate.assets.filter(bookable=True).order_by("name")
    chosen = None
    if request.GET.get("asset", "").isdigit():
        chosen = bookable.filter(pk=request.GET["asset"]).first()
    form = None
    if request.method == "POST":
        require(request.user, "book", estate)
        form = BookingForm(request.POST, estate=estate, user=request.user)
        if form.is_valid():
            try:
                booking = services.book(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(
                    request,
                    _("%(asset)s is booked for %(firm)s on %(when)s.")
                    % {
                        "asset": booking.asset.name,
                        "firm": booking.firm.name,
                        "when": services.period_text(booking.starts_at, booking.ends_at),
                    },
                )
                url = reverse("estates:bookings", args=[estate.pk])
                return redirect(f"{url}?asset={booking.asset_id}#booking-{booking.pk}")
    elif can_book and bookable:
        start = _default_start()
        form = BookingForm(
            estate=estate,
            user=request.user,
            initial={
                "asset": chosen.pk if chosen else None,
                "starts_at": timezone.localtime(start),
                "ends_at": timezone.localtime(start + timedelta(hours=3)),
            },
        )
    filters = {"asset__estate": estate}
    if chosen:
        filters["asset"] = chosen
    upcoming = list(_upcoming_bookings(**filters)[:200])
    for booking in upcoming:
        booking.can_cancel = services.may_cancel(request.user, booking)
    return render(
        request,
        "estates/booking_list.html",
        {
            "estate": estate,
            "bookable": bookable,
            "chosen": chosen,
            "days": _by_day(upcoming),
            "form": form,
            "can_book": can_book,
            "can_manage": can(request.user, "manage", estate),
            "max_days": services.MAX_BOOKING.days,
        },
    )


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
