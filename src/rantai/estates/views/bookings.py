"""The booking calendar of an estate's shared facilities: members of a firm book for their firm,
the estate's managers for any firm."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.estates import assets as services
from rantai.estates.filters import BookingFilterSet
from rantai.estates.forms import BookingForm
from rantai.estates.models import Booking
from rantai.estates.tables import BookingTable
from rantai.estates.views.assets import upcoming_bookings
from rantai.estates.views.estates import estate_for


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
                add_errors(self.form, exc)
            else:
                messages.success(request, _booked(booking))
                url = reverse("estates:bookings", args=[self.estate.pk])
                return redirect(f"{url}?asset={booking.asset_id}#booking-{booking.pk}")
        return super().get(request, *args, **kwargs)

    def _page(self, request, pk: int) -> None:
        self.estate = estate_for(request, pk)
        self.can_book = can(request.user, "book", self.estate)
        self.bookable = self.estate.assets.filter(bookable=True).order_by("name")
        asset = request.GET.get("asset", "")
        self.chosen = self.bookable.filter(pk=asset).first() if asset.isdigit() else None

    def get_queryset(self):
        return restrict(upcoming_bookings(asset__estate=self.estate), self.request.user)

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
