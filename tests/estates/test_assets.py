"""Facilities and assets of an estate: services (bookings, condition checks, maintenance, the
funding summary), the pages and who may use them, and the API."""

import io
import re
import threading
import time as clock
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import include, path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from rantai import urls as site_urls
from rantai.demo import estate_assets
from rantai.estates import asset_api
from rantai.estates import assets as services
from rantai.estates.models import Asset, Booking, ConditionCheck, Maintenance
from tests.conftest import PERSONAS
from tests.factories import SLAWI_WETAN, AssetFactory, EstateFactory
from tests.five_r.conftest import jpeg
from tests.lists import listed

pytestmark = pytest.mark.django_db

# The API under test, mounted the way the project's router will mount it.
router = DefaultRouter()
router.register("assets", asset_api.AssetViewSet, basename="asset")
router.register("bookings", asset_api.BookingViewSet, basename="booking")
urlpatterns = [path("api/v1/", include(router.urls)), *site_urls.urlpatterns]


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """``days`` from today at ``hour``:``minute``, local (Jakarta) time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def hall(site):
    return AssetFactory(
        estate=site.estate,
        name="Gedung pertemuan",
        kind=Asset.Kind.HALL,
        funding=Asset.Funding.DAK,
        fiscal_year=2017,
        cost=Decimal("1985000000"),
        bookable=True,
    )


@pytest.fixture
def wall(site):
    return AssetFactory(
        estate=site.estate,
        name="Pagar keliling",
        kind=Asset.Kind.WALL,
        fiscal_year=2016,
        bookable=False,
    )


def book(asset, firm, starts_at, ends_at, purpose="Temu bisnis", user=None):
    return services.book(
        asset=asset, firm=firm, starts_at=starts_at, ends_at=ends_at, purpose=purpose, user=user
    )


# ---- bookings --------------------------------------------------------------------------------


def test_an_overlapping_booking_is_refused_with_who_and_when_and_nothing_is_saved(hall, world):
    first = book(hall, world.firm_a, at(10, 9), at(10, 12))
    day = timezone.localtime(first.starts_at).date()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        book(hall, world.firm_b, at(10, 10), at(10, 11), purpose="Rapat")
    assert refused.value.code == "clash"
    assert refused.value.messages == [
        f"Gedung pertemuan is already booked by PT Sinergi Mandiri Teknikatama on "
        f"{day.day} {day:%b} {day.year}, 09.00–12.00."
    ]
    assert list(Booking.objects.all()) == [first]
    # Also refused: one that covers it whole, one that starts inside it, one that ends inside.
    for starts, ends in (
        (at(10, 8), at(10, 13)),
        (at(10, 11), at(10, 14)),
        (at(10, 7), at(10, 9, 1)),
    ):
        with pytest.raises(ValidationError):
            book(hall, world.firm_b, starts, ends)
    assert Booking.objects.count() == 1


def test_the_refusal_names_the_day_in_the_users_language(hall, world):
    day = date(timezone.localdate().year + 1, 12, 12)
    starts = timezone.make_aware(datetime.combine(day, time(9)))
    book(hall, world.firm_a, starts, starts + timedelta(hours=3))
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        book(hall, world.firm_b, starts + timedelta(hours=1), starts + timedelta(hours=5))
    assert "PT Sinergi Mandiri Teknikatama" in refused.value.messages[0]
    assert f"12 Des {day.year}, 09.00–12.00" in refused.value.messages[0]


def test_a_refusal_over_midnight_names_both_days(hall, world):
    book(hall, world.firm_a, at(10, 18), at(11, 8))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        book(hall, world.firm_b, at(11, 7), at(11, 9))
    first, second = at(10, 18).date(), at(11, 8).date()
    expected = (
        f"{first.day} {first:%b} {first.year}, 18.00 – {second.day} {second:%b} {second.year}"
    )
    assert f"{expected}, 08.00" in refused.value.messages[0]


def test_back_to_back_bookings_do_not_overlap(hall, world):
    book(hall, world.firm_a, at(10, 9), at(10, 12))
    book(hall, world.firm_b, at(10, 12), at(10, 15))
    book(hall, world.firm_b, at(10, 6), at(10, 9))
    assert Booking.objects.count() == 3


def test_another_asset_at_the_same_time_is_free(hall, site, world):
    press = AssetFactory(
        estate=site.estate, name="Mesin press 60 ton", kind=Asset.Kind.MACHINE, bookable=True
    )
    book(hall, world.firm_a, at(10, 9), at(10, 12))
    book(press, world.firm_b, at(10, 9), at(10, 12))
    assert Booking.objects.count() == 2


def test_a_cancelled_booking_frees_its_time(hall, world):
    first = book(hall, world.firm_a, at(10, 9), at(10, 12))
    services.cancel_booking(first, world.user("firm_a"))
    second = book(hall, world.firm_b, at(10, 9), at(10, 12))
    assert second.status == Booking.Status.CONFIRMED
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    with pytest.raises(ValidationError) as again:
        services.cancel_booking(first, world.user("firm_a"))
    assert again.value.code == "cancelled"


def test_an_asset_that_is_not_bookable_is_refused(wall, world):
    with pytest.raises(ValidationError) as refused:
        book(wall, world.firm_a, at(10, 9), at(10, 12))
    assert "Pagar keliling" in refused.value.message_dict["asset"][0]
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        ((10, 12), (10, 9), "ends_at"),  # ends before it starts
        ((10, 12), (10, 12), "ends_at"),  # ends when it starts
        ((-1, 9), (-1, 12), "starts_at"),  # in the past
        ((10, 9), (24, 10), "ends_at"),  # 14 days and an hour
    ],
)
def test_periods_that_make_no_sense_are_refused(hall, world, starts, ends, field):
    with pytest.raises(ValidationError) as refused:
        book(hall, world.firm_a, at(*starts), at(*ends))
    assert field in refused.value.message_dict
    assert not Booking.objects.exists()


def test_fourteen_days_exactly_is_allowed(hall, world):
    assert book(hall, world.firm_a, at(10, 9), at(24, 9)).pk


def test_a_firm_member_books_for_its_own_firm_only_and_managers_for_any(hall, site, world):
    firm_a = world.user("firm_a")
    with pytest.raises(ValidationError) as refused:
        book(hall, world.firm_b, at(10, 9), at(10, 12), user=firm_a)
    assert "firm" in refused.value.message_dict
    assert book(hall, world.firm_a, at(10, 9), at(10, 12), user=firm_a).booked_by == firm_a
    assert book(hall, world.firm_b, at(11, 9), at(11, 12), user=site.manager_user).pk


def test_only_the_booking_firm_and_the_managers_cancel(hall, site, world):
    booking = book(hall, world.firm_a, at(10, 9), at(10, 12))
    for persona in ("firm_b", "officer", "outsider"):
        with pytest.raises(PermissionDenied):
            services.cancel_booking(booking, world.user(persona))
    assert services.cancel_booking(booking, site.manager_user).status == "cancelled"


def test_a_booking_that_is_over_cannot_be_cancelled(hall, world):
    booking = book(hall, world.firm_a, at(10, 9), at(10, 12))
    Booking.objects.filter(pk=booking.pk).update(starts_at=at(-2, 9), ends_at=at(-2, 12))
    with pytest.raises(ValidationError) as refused:
        services.cancel_booking(booking, world.user("firm_a"))
    assert refused.value.code == "past"


def test_an_asset_with_bookings_to_come_cannot_stop_taking_bookings(hall, site, world):
    booking = book(hall, world.firm_a, at(10, 9), at(10, 12))
    hall.bookable = False
    with pytest.raises(ValidationError) as refused:
        services.save_asset(hall)
    assert "bookable" in refused.value.message_dict
    assert Asset.objects.get(pk=hall.pk).bookable
    services.cancel_booking(booking, None)
    services.save_asset(hall)
    assert not Asset.objects.get(pk=hall.pk).bookable


def test_an_asset_stays_on_its_estate(hall, world):
    other = EstateFactory(name="Sentra IKM Talang", manager=world.regency, village_id=SLAWI_WETAN)
    hall.estate = other
    with pytest.raises(ValidationError):
        services.save_asset(hall)
    assert Asset.objects.get(pk=hall.pk).estate_id != other.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="row locks need PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE",
)
def test_two_requests_at_once_cannot_both_book_the_same_time(hall, world, monkeypatch):
    """Both requests read "no clash" before either writes, unless the lock on the asset makes
    the second wait: the pause after the check makes that race certain without the lock."""
    original = services.clash

    def slow_clash(*args):
        found = original(*args)
        clock.sleep(0.5)
        return found

    monkeypatch.setattr(services, "clash", slow_clash)
    barrier = threading.Barrier(2)
    results = []

    def attempt(firm):
        try:
            barrier.wait()
            book(hall, firm, at(10, 9), at(10, 12))
            results.append("booked")
        except ValidationError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(f,)) for f in (world.firm_a, world.firm_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["booked", "clash"]
    assert Booking.objects.filter(status="confirmed").count() == 1


# ---- condition checks and maintenance ---------------------------------------------------------


def test_a_condition_check_sets_the_asset_condition_and_keeps_the_photo_clean(wall, site):
    today = timezone.localdate()
    big = Image.new("RGB", (2400, 1800), (180, 170, 160))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 52.0, 0.0)}  # a GPS position, which must not survive
    buffer = io.BytesIO()
    big.save(buffer, "JPEG", exif=exif)

    upload = SimpleUploadedFile("retak.jpg", buffer.getvalue(), content_type="image/jpeg")
    check = services.add_check(
        asset=wall,
        checked_on=today,
        condition="light",
        note="Retak di sisi utara",
        photo=upload,
        user=site.manager_user,
    )
    wall.refresh_from_db()
    assert wall.condition == "light"
    assert wall.history.first().history_user == site.manager_user
    stored = Image.open(check.photo.open("rb"))
    assert max(stored.size) == 1600
    assert not stored.getexif().get_ifd(0x8825)

    # A check entered late for an earlier day does not overwrite the newer one.
    services.add_check(
        asset=wall, checked_on=today - timedelta(days=30), condition="good", user=None
    )
    wall.refresh_from_db()
    assert wall.condition == "light"
    services.add_check(
        asset=wall, checked_on=today, condition="good", note="Sudah diperbaiki", user=None
    )
    wall.refresh_from_db()
    assert wall.condition == "good"


def test_a_check_cannot_be_dated_in_the_future_nor_carry_a_file_that_is_no_photo(wall):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        services.add_check(asset=wall, checked_on=tomorrow, condition="heavy", user=None)
    assert "checked_on" in future.value.message_dict

    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as not_photo:
        services.add_check(
            asset=wall, checked_on=timezone.localdate(), condition="heavy", photo=fake, user=None
        )
    assert "photo" in not_photo.value.message_dict
    wall.refresh_from_db()
    assert (wall.condition, ConditionCheck.objects.count()) == ("good", 0)


def test_maintenance_is_logged_once_done(wall):
    today = timezone.localdate()
    entry = services.add_maintenance(
        asset=wall, done_on=today, description=" Pengecatan ulang ", cost=Decimal(48500000)
    )
    assert (entry.description, entry.cost) == ("Pengecatan ulang", Decimal(48500000))
    with pytest.raises(ValidationError) as refused:
        services.add_maintenance(
            asset=wall, done_on=today + timedelta(days=3), description="", cost=0
        )
    assert set(refused.value.message_dict) == {"done_on", "description"}
    assert Maintenance.objects.count() == 1


# ---- what the funds paid for -------------------------------------------------------------------


def test_the_funding_summary_adds_up_by_source_and_year(site, world, django_assert_max_num_queries):
    estate = site.estate
    for name, funding, year, cost in (
        ("Workshop tahap I", "dak", 2012, 100),
        ("Jalan akses", "dak", 2012, 50),
        ("Gedung pertemuan", "dak", 2015, 200),
        ("Gapura", "apbd2", 2015, 30),
        ("Mesin hibah", "grant", 2019, 0),
    ):
        AssetFactory(
            estate=estate, name=name, funding=funding, fiscal_year=year, cost=Decimal(cost)
        )
    other = EstateFactory(name="Sentra IKM Talang", manager=world.regency, village_id=SLAWI_WETAN)
    AssetFactory(
        estate=other, name="Ruang sentra", funding="dak", fiscal_year=2012, cost=Decimal(1000)
    )

    with django_assert_max_num_queries(4):
        summary = services.funding_summary(estate)
    assert (summary.total.count, summary.total.cost) == (5, Decimal(380))
    assert [(key, t.count, t.cost) for key, _label, t in summary.by_funding] == [
        ("dak", 3, Decimal(350)),
        ("apbd2", 1, Decimal(30)),
        ("grant", 1, Decimal(0)),
    ]
    assert [(year, t.count, t.cost) for year, t in summary.by_year] == [
        (2012, 2, Decimal(150)),
        (2015, 2, Decimal(230)),
        (2019, 1, Decimal(0)),
    ]
    assert summary.cells[("dak", 2015)].cost == Decimal(200)
    assert summary.cells[("apbd2", 2015)].count == 1
    assert ("apbd2", 2012) not in summary.cells

    everywhere = services.funding_summary(None)
    assert (everywhere.total.count, everywhere.total.cost) == (6, Decimal(1380))
    assert everywhere.cells[("dak", 2012)].cost == Decimal(1150)
    empty = services.funding_summary(
        EstateFactory(name="Kosong", manager=world.regency, village_id=SLAWI_WETAN)
    )
    assert (empty.total.count, empty.total.cost, empty.by_year) == (0, Decimal(0), [])


# ---- pages -----------------------------------------------------------------------------------


def _booking_form(hall, firm, days=10, start=9, end=12, purpose="Temu bisnis"):
    return {
        "asset": hall.pk,
        "firm": firm.pk,
        "starts_at": at(days, start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": at(days, end).strftime("%Y-%m-%dT%H:%M"),
        "purpose": purpose,
    }


def test_a_firm_books_for_itself_but_not_for_another_firm(hall, world, login):
    client = login(world.user("firm_a"))
    url = reverse("estates:bookings", args=[hall.estate_id])
    page = client.get(url)
    assert page.status_code == 200
    firms = list(page.context["form"].fields["firm"].queryset)
    assert firms == [world.firm_a]

    refused = client.post(url, _booking_form(hall, world.firm_b))
    assert refused.status_code == 200
    assert "firm" in refused.context["form"].errors
    assert not Booking.objects.exists()

    done = client.post(url, _booking_form(hall, world.firm_a))
    booking = Booking.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"#booking-{booking.pk}")
    assert (booking.firm, booking.booked_by) == (world.firm_a, world.user("firm_a"))
    assert timezone.localtime(booking.starts_at).hour == 9  # the form's time is Jakarta time


def test_the_second_firm_sees_the_clear_refusal(hall, world, login):
    book(hall, world.firm_a, at(10, 9), at(10, 12))
    client = login(world.user("firm_b"))
    response = client.post(
        reverse("estates:bookings", args=[hall.estate_id]),
        _booking_form(hall, world.firm_b, start=10, end=11),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="booking-refusal"' in html
    assert "PT Sinergi Mandiri Teknikatama" in html and "09.00–12.00" in html
    assert Booking.objects.count() == 1


def test_the_calendar_lists_upcoming_bookings_in_time_order(hall, site, world, login):
    kept = book(hall, world.firm_a, at(10, 9), at(10, 12), purpose="Temu bisnis")
    gone = book(hall, world.firm_b, at(11, 9), at(11, 12), purpose="Rapat koperasi")
    services.cancel_booking(gone, None)
    long = book(hall, world.firm_b, at(12, 18), at(13, 8), purpose="Pameran")
    response = login(world.user("outsider")).get(reverse("estates:bookings", args=[site.estate.pk]))
    assert listed(response) == [kept, long]
    html = response.content.decode()
    with translation.override("id"):
        days = [date_format(at(n, 0), "l, j F Y") for n in (10, 12)]
        next_day = date_format(at(13, 0), services.DAY_FORMAT)
    assert all(day in html for day in days)
    times = re.findall(r'data-testid="booking-time">([^<]*)<', html)
    assert times == ["09.00–12.00", f"18.00 – {next_day}, 08.00"]
    assert "Rapat koperasi" not in html
    assert 'data-testid="booking-form"' not in html  # an outsider belongs to no firm
    assert 'data-testid="cancel-' not in html


def test_managers_manage_assets_and_outsiders_only_look(hall, site, world, login):
    manager = login(site.manager_user)
    create = reverse("estates:asset-create", args=[site.estate.pk])
    assert manager.get(create).status_code == 200
    response = manager.post(
        create,
        {
            "name": "Mesin press 60 ton",
            "kind": "machine",
            "funding": "dak",
            "fiscal_year": 2019,
            "cost": "684000000",
            "quantity": "1 unit",
            "condition": "good",
            "bookable": "on",
        },
    )
    press = Asset.objects.get(name="Mesin press 60 ton")
    assert response["Location"] == press.get_absolute_url()
    assert press.history.first().history_user == site.manager_user
    listing = manager.get(reverse("estates:assets", args=[site.estate.pk]))
    assert 'data-testid="asset-create"' in listing.content.decode()
    assert "<svg" in listing.content.decode()  # the chart

    for persona in ("outsider", "officer", "firm_a"):
        client = login(world.user(persona))
        listing = client.get(reverse("estates:assets", args=[site.estate.pk]))
        assert listing.status_code == 200
        assert 'data-testid="asset-create"' not in listing.content.decode()
        assert client.get(create).status_code == 403
        assert client.get(reverse("estates:asset-update", args=[hall.pk])).status_code == 403
        detail = client.get(hall.get_absolute_url())
        assert detail.status_code == 200
        assert 'data-testid="check-form"' not in detail.content.decode()
        assert 'data-testid="history"' not in detail.content.decode()
        post = client.post(
            hall.get_absolute_url(),
            {"form": "check", "checked_on": timezone.localdate(), "condition": "heavy"},
        )
        assert post.status_code == 403
    hall.refresh_from_db()
    assert hall.condition == "good" and not ConditionCheck.objects.exists()


def test_a_manager_records_a_check_with_a_photo_and_maintenance(wall, site, world, login):
    client = login(site.manager_user)
    response = client.post(
        wall.get_absolute_url(),
        {
            "form": "check",
            "checked_on": timezone.localdate().isoformat(),
            "condition": "light",
            "note": "Plester mengelupas",
            "photo": jpeg(),
        },
    )
    assert response.status_code == 302
    check = ConditionCheck.objects.get()
    wall.refresh_from_db()
    assert (wall.condition, check.checked_by, bool(check.photo)) == (
        "light",
        site.manager_user,
        True,
    )
    response = client.post(
        wall.get_absolute_url(),
        {
            "form": "maintenance",
            "done_on": timezone.localdate().isoformat(),
            "description": "Penambalan retak",
            "cost": "2500000",
            "done_by": "Tukang UPT",
        },
    )
    assert response.status_code == 302
    assert Maintenance.objects.get().cost == Decimal(2500000)
    page = client.get(wall.get_absolute_url()).content.decode()
    assert f'data-testid="check-photo-{check.pk}"' in page and "Penambalan retak" in page
    assert 'data-testid="history"' in page

    photo_url = reverse("estates:asset-check-photo", args=[check.pk])
    photo = login(world.user("outsider")).get(photo_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert login(None).get(photo_url).status_code == 302

    client = login(site.manager_user)
    bad = client.post(
        wall.get_absolute_url(),
        {
            "form": "check",
            "checked_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "condition": "good",
        },
    )
    assert bad.status_code == 200 and "checked_on" in bad.context["check_form"].errors
    assert ConditionCheck.objects.count() == 1


def test_who_may_cancel_a_booking(hall, site, world, login):
    booking = book(hall, world.firm_a, at(10, 9), at(10, 12))
    url = reverse("estates:booking-cancel", args=[booking.pk])
    assert login(world.user("firm_b")).post(url).status_code == 403
    assert login(world.user("officer")).post(url).status_code == 403
    assert login(world.user("firm_a")).get(url).status_code == 405
    assert login(world.user("firm_a")).post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    again = book(hall, world.firm_a, at(10, 9), at(10, 12))
    assert (
        login(site.manager_user)
        .post(reverse("estates:booking-cancel", args=[again.pk]))
        .status_code
        == 302
    )


# Every URL of this module, every persona (and the estate manager): the status each one gets.
OK, LOGIN = 200, 302
MANAGERS = {"manager": OK, "admin": OK}
VIEW = dict.fromkeys([*PERSONAS, "manager"], OK) | {"anonymous": LOGIN}
MANAGE = dict.fromkeys([*PERSONAS, "manager"], 403) | {"anonymous": LOGIN} | MANAGERS


def _expect(base, **overrides):
    return base | overrides


ACCESS = [
    ("estates:assets", "estate", "get", VIEW),
    ("estates:asset-create", "estate", "get", MANAGE),
    ("estates:asset", "hall", "get", VIEW),
    ("estates:asset", "hall", "post", MANAGE),  # an empty form: shown again with its errors
    ("estates:asset-update", "hall", "get", MANAGE),
    ("estates:bookings", "estate", "get", VIEW),
    # Any member of an organisation may book (for it); the outsider belongs to none.
    ("estates:bookings", "estate", "post", _expect(VIEW, outsider=403)),
    # The booking is firm A's: its members and the estate's managers cancel it.
    (
        "estates:booking-cancel",
        "booking",
        "post",
        _expect(MANAGE, firm_a=302, manager=302, admin=302),
    ),
    ("estates:asset-check-photo", "check", "get", VIEW),
]


@pytest.mark.parametrize("persona", [*PERSONAS, "manager"])
def test_access_to_every_asset_url(persona, hall, site, world, client):
    objects = {
        "estate": site.estate,
        "hall": hall,
        "check": services.add_check(
            asset=hall, checked_on=timezone.localdate(), condition="good", photo=jpeg(), user=None
        ),
    }
    user = site.manager_user if persona == "manager" else world.user(persona)
    failures = []
    for name, key, method, expected in ACCESS:
        objects["booking"] = book(hall, world.firm_a, at(20, 9), at(20, 12))
        client.logout()
        if user is not None:
            client.force_login(user)
        status = getattr(client, method)(reverse(name, args=[objects[key].pk])).status_code
        if status != expected[persona]:
            failures.append(f"{method.upper()} {name}: {status}, expected {expected[persona]}")
        Booking.objects.all().delete()
    assert failures == []


# ---- API -------------------------------------------------------------------------------------


@pytest.fixture
def api():
    def _client(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


def _booking_json(hall, firm, days=10, start=9, end=12):
    return {
        "asset": hall.pk,
        "firm": firm.pk,
        "starts_at": at(days, start).isoformat(),
        "ends_at": at(days, end).isoformat(),
        "purpose": "Temu bisnis",
    }


@pytest.mark.urls(__name__)
def test_the_api_refuses_a_clash_with_400_and_the_message(hall, world, api):
    client = api(world.user("firm_a"))
    first = client.post("/api/v1/bookings/", _booking_json(hall, world.firm_a), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["firm_name"] == "PT Sinergi Mandiri Teknikatama"
    clash = api(world.user("firm_b")).post(
        "/api/v1/bookings/", _booking_json(hall, world.firm_b, start=11, end=14), format="json"
    )
    assert clash.status_code == 400
    message = clash.json()["non_field_errors"][0]
    assert "PT Sinergi Mandiri Teknikatama" in message and "09.00–12.00" in message
    assert Booking.objects.count() == 1
    listed = api(world.user("outsider")).get("/api/v1/bookings/", {"asset": hall.pk})
    assert [b["id"] for b in listed.json()["results"]] == [first.json()["id"]]


@pytest.mark.urls(__name__)
def test_the_api_books_only_for_ones_own_firm(hall, world, api):
    other = api(world.user("firm_a")).post(
        "/api/v1/bookings/", _booking_json(hall, world.firm_b), format="json"
    )
    assert other.status_code == 400 and "firm" in other.json()
    outsider = api(world.user("outsider")).post(
        "/api/v1/bookings/", _booking_json(hall, world.firm_a), format="json"
    )
    assert outsider.status_code == 403
    assert api(None).get("/api/v1/bookings/").status_code == 401
    assert not Booking.objects.exists()


@pytest.mark.urls(__name__)
def test_the_api_lets_managers_change_assets_and_everyone_read_them(hall, site, world, api):
    body = {
        "estate": site.estate.pk,
        "name": "Saluran drainase",
        "kind": "utility",
        "funding": "dak",
        "fiscal_year": 2021,
        "cost": "915000000",
        "condition": "heavy",
    }
    assert (
        api(world.user("officer")).post("/api/v1/assets/", body, format="json").status_code == 403
    )
    created = api(site.manager_user).post("/api/v1/assets/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["condition"] == "good"  # follows the checks, not the request
    pk = created.json()["id"]
    assert (
        api(world.user("firm_a"))
        .patch(f"/api/v1/assets/{pk}/", {"cost": "1"}, format="json")
        .status_code
        == 403
    )
    changed = api(site.manager_user).patch(
        f"/api/v1/assets/{pk}/", {"cost": "920000000"}, format="json"
    )
    assert changed.status_code == 200 and Asset.objects.get(pk=pk).cost == Decimal(920000000)
    listed = api(world.user("outsider")).get(
        "/api/v1/assets/", {"estate": site.estate.pk, "bookable": "true"}
    )
    assert [a["id"] for a in listed.json()["results"]] == [hall.pk]


# ---- demo ------------------------------------------------------------------------------------


def test_the_demo_loads_takaru_s_facilities_once(site, world):
    made = estate_assets.load(site.estate)
    assert len(made) == len(estate_assets.TAKARU_ASSETS)
    assert estate_assets.load(site.estate) == []  # idempotent
    assert site.estate.assets.count() == len(made)
    wall = site.estate.assets.get(kind="wall")
    check = wall.checks.get()
    assert (wall.condition, bool(check.photo), check.checked_by) == (
        "light",
        True,
        site.manager_user,
    )
    hall = site.estate.assets.get(kind="hall")
    assert hall.condition == "good"  # its older check found a leak, the latest none
    assert set(site.estate.assets.filter(bookable=True).values_list("kind", flat=True)) == {
        "hall",
        "machine",
    }
    assert hall.bookings.filter(firm=world.regency).exists()
    assert Booking.objects.filter(asset__kind="machine", firm=world.firm_a).exists()
    summary = services.funding_summary(site.estate)
    assert summary.by_funding[0][0] == "dak" and summary.by_funding[0][2].count == 10
    assert Maintenance.objects.filter(asset__estate=site.estate).count() == 5

    sentra = EstateFactory(
        name="Sentra IKM Logam Slawi", kind="sentra", manager=world.regency, village_id=SLAWI_WETAN
    )
    assert len(estate_assets.load_other(sentra)) == len(estate_assets.OTHER_ASSETS)
    assert estate_assets.load_other(sentra) == []
    assert sentra.assets.filter(bookable=True).count() == 2
    assert Booking.objects.filter(asset__estate=sentra).count() == 1
