"""Shared facilities of LIK Takaru in a browser: a tenant books the meeting hall, a second firm
asking for an overlapping time is told who has it and when; the estate manager records a
condition check with a photo from the field."""

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from rantai.estates import assets
from rantai.estates.models import Asset, Booking, ConditionCheck
from tests.estates.conftest import make_estate
from tests.five_r.conftest import jpeg


def _asset(estate, name, kind, bookable):
    return assets.save_asset(
        Asset(
            estate=estate,
            name=name,
            kind=kind,
            funding=Asset.Funding.DAK,
            fiscal_year=2017,
            cost=1_985_000_000,
            bookable=bookable,
        )
    )


def _when(page, day, start, end):
    page.get_by_test_id("booking-form").locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T{start}")
    page.get_by_test_id("booking-form").locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T{end}")


def test_a_tenant_books_the_hall_and_a_second_firm_is_told_it_is_taken(
    as_user, live_server, world, page, shot
):
    site = make_estate(world)
    hall = _asset(site.estate, "Gedung pertemuan LIK Takaru", Asset.Kind.HALL, True)
    _asset(site.estate, "Mesin press 60 ton", Asset.Kind.MACHINE, True)
    day = timezone.localdate() + timedelta(days=10)

    # The tenant (firm A) opens the hall's page and books it for a temu bisnis.
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}{hall.get_absolute_url()}")
    page.get_by_test_id("book").click()
    form = page.get_by_test_id("booking-form")
    expect(form.locator("#id_asset")).to_have_value(str(hall.pk))
    expect(form.locator("#id_firm")).to_have_value(str(world.firm_a.pk))
    _when(page, day, "09:00", "12:00")
    form.locator("#id_purpose").fill("Temu bisnis dengan pembeli tier-1")
    page.get_by_test_id("booking-submit").click()

    booking = Booking.objects.get()
    row = page.get_by_test_id(f"booking-{booking.pk}")
    expect(row.get_by_test_id("booking-time")).to_have_text("09.00–12.00")
    expect(row.get_by_test_id("booking-firm")).to_have_text("PT Sinergi Mandiri Teknikatama")
    with translation.override("id"):
        expect(row).to_contain_text(date_format(day, "l, j F Y"))
    expect(row).to_contain_text("Temu bisnis")
    expect(row.get_by_test_id(f"cancel-{booking.pk}")).to_be_visible()  # its own booking

    # A second firm wants the hall from 10.00 to 13.00 the same day: refused, and told why.
    as_user(world.user("firm_b"))
    page.goto(f"{live_server.url}/kawasan/{site.estate.pk}/bookings/")
    expect(page.get_by_test_id(f"cancel-{booking.pk}")).to_have_count(0)  # not its booking
    form = page.get_by_test_id("booking-form")
    form.locator("#id_asset").select_option(str(hall.pk))
    expect(form.locator("#id_firm")).to_have_value(str(world.firm_b.pk))
    _when(page, day, "10:00", "13:00")
    form.locator("#id_purpose").fill("Rapat pemasok")
    page.get_by_test_id("booking-submit").click()
    refusal = page.get_by_test_id("booking-refusal")
    expect(refusal).to_contain_text("Gedung pertemuan LIK Takaru")
    expect(refusal).to_contain_text("PT Sinergi Mandiri Teknikatama")
    with translation.override("id"):  # the day as the Indonesian page writes it: "9 Des 2026"
        expect(refusal).to_contain_text(f"{date_format(day, 'j M Y')}, 09.00–12.00")
    shot("booking-refused")
    assert Booking.objects.count() == 1

    # From 12.00, right after the first booking, the hall is free.
    _when(page, day, "12:00", "15:00")
    page.get_by_test_id("booking-submit").click()
    second = Booking.objects.get(firm=world.firm_b)
    expect(page.get_by_test_id(f"booking-{second.pk}").get_by_test_id("booking-time")).to_have_text(
        "12.00–15.00"
    )


def test_the_manager_records_a_condition_check_with_a_photo(
    as_user, live_server, world, page, tmp_path, shot
):
    site = make_estate(world)
    wall = _asset(site.estate, "Pagar keliling kawasan", Asset.Kind.WALL, False)
    photo = tmp_path / "pagar.jpg"
    photo.write_bytes(jpeg(2000, 1500).read())

    as_user(site.manager_user)
    page.goto(f"{live_server.url}/kawasan/{site.estate.pk}/assets/")
    expect(
        page.get_by_test_id(f"condition-{wall.pk}").locator("[data-condition]")
    ).to_have_attribute("data-condition", "good")
    page.get_by_test_id(f"asset-{wall.pk}").get_by_role(
        "link", name="Pagar keliling kawasan"
    ).click()
    form = page.get_by_test_id("check-form")
    form.locator("#id_condition").select_option("light")
    form.locator("#id_note").fill("Retak sepanjang 12 m di sisi utara")
    form.locator("#id_photo").set_input_files(str(photo))
    page.get_by_test_id("check-submit").click()

    check = ConditionCheck.objects.get()
    expect(page.get_by_test_id("asset-condition").locator("[data-condition]")).to_have_attribute(
        "data-condition", "light"
    )
    expect(page.get_by_test_id(f"check-note-{check.pk}")).to_have_text(
        "Retak sepanjang 12 m di sisi utara"
    )
    image = page.get_by_test_id(f"check-photo-{check.pk}")
    expect(image).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 1600  # resized on the server
    expect(page.get_by_test_id("history")).to_contain_text("pengelola")
    shot("asset-check")

    # Back on the list, the wall shows its light damage.
    page.goto(f"{live_server.url}/kawasan/{site.estate.pk}/assets/")
    expect(
        page.get_by_test_id(f"condition-{wall.pk}").locator("[data-condition]")
    ).to_have_attribute("data-condition", "light")
