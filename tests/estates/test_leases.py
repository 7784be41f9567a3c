import io
import subprocess
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.core.models import Job
from rantai.estates import occupancy, reminders, services
from rantai.estates.models import Application, Estate, Lease, Unit
from rantai.firms.models import Firm
from rantai.inbox.models import Notification
from tests.conftest import JAKARTA
from tests.core.test_spreadsheets import AT_SUM, FORMULA, assert_kept_as_text
from tests.factories import ApplicationFactory, TokenFactory
from tests.lists import listed

pytestmark = pytest.mark.django_db


def lease(site, tenant, codes, start, end, fee=500_000, **extra):
    units = [u for u in site.units if u.code in codes]
    return services.lease(
        estate=site.estate,
        units=units,
        tenant=tenant,
        starts_on=start,
        ends_on=end,
        monthly_fee=fee,
        today=extra.pop("today", date(2024, 6, 1)),
        **extra,
    )


def test_occupancy_by_type_and_sector_on_a_day(site, world):
    world.firm_a.kbli.set(["25130"])  # fabricated metal: metal IKM
    world.firm_b.kbli.set(["22111"])  # rubber: not metal
    lease(site, world.firm_a, ["A-1", "C-1"], date(2023, 1, 1), date(2025, 12, 31))
    lease(site, world.firm_b, ["C-2"], date(2024, 3, 1), date(2024, 8, 31))
    now = occupancy.on(site.estate, date(2024, 6, 1))
    assert (now.units, now.occupied, now.metal) == (6, 3, 2)
    assert now.metal_rate == pytest.approx(100 * 2 / 6)
    assert now.by_type == {"A": (1, 1), "B": (1, 0), "C": (4, 2)}
    assert dict(now.by_sector)["25130 " + world.firm_a.kbli.get().title] == 2
    later = occupancy.on(site.estate, date(2024, 9, 1))  # firm B's lease is over
    assert (later.occupied, later.metal) == (2, 2)
    months = occupancy.series(site.estate, date(2024, 1, 1), date(2024, 9, 30))
    assert [o for _d, _u, o in months] == [2, 2, 3, 3, 3, 3, 3, 3, 2]


def test_arrears_from_months_begun_and_payments(site, world):
    item = lease(site, world.firm_a, ["C-1"], date(2024, 1, 15), date(2026, 1, 14))
    for day in (date(2024, 1, 20), date(2024, 2, 10)):
        services.record_payment(lease_=item, paid_on=day, amount=500_000)
    arrears = occupancy.arrears(item, date(2024, 3, 20))  # January, February, March begun
    assert (arrears.months_due, arrears.due, arrears.paid) == (3, 1_500_000, 1_000_000)
    assert arrears.owed == 500_000 and arrears.months_behind(Decimal(500_000)) == 1
    # Ended early on 10 April: the fee stops with April.
    services.end_lease(item, on=date(2024, 4, 10))
    item.refresh_from_db()
    assert occupancy.arrears(item, date(2025, 1, 1)).due == 2_000_000
    assert occupancy.arrears(item, date(2024, 1, 10)).due == 0  # before it started


def test_a_unit_cannot_be_leased_twice_or_while_under_maintenance(site, world):
    lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValidationError) as caught:
        lease(site, world.firm_b, ["C-1", "C-2"], date(2025, 1, 1), date(2025, 12, 31))
    assert caught.value.code == "overlap"
    Unit.objects.filter(code="C-3").update(status=Unit.Status.MAINTENANCE)
    with pytest.raises(ValidationError):
        lease(site, world.firm_b, ["C-3"], date(2025, 1, 1), date(2025, 12, 31))
    assert Lease.objects.count() == 1
    assert Unit.objects.get(code="C-2").status == Unit.Status.VACANT  # nothing half-done


def test_ending_frees_the_unit_and_renewing_keeps_the_history(site, world):
    first = lease(site, world.firm_a, ["C-1"], date(2021, 1, 1), date(2023, 12, 31))
    assert Unit.objects.get(code="C-1").status == Unit.Status.OCCUPIED
    renewal = services.renew(first, ends_on=date(2026, 12, 31))
    assert (renewal.renews, renewal.starts_on, renewal.monthly_fee) == (
        first,
        date(2024, 1, 1),
        500_000,
    )
    services.end_lease(renewal, on=date(2025, 6, 30), reason="Pindah", terminated=True)
    unit = Unit.objects.get(code="C-1")
    assert (unit.status, unit.vacant_since) == (Unit.Status.VACANT, date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.end_lease(renewal, on=date(2025, 7, 30))
    with pytest.raises(ValidationError):
        services.end_lease(first, on=date(2023, 1, 1), terminated=True)  # no reason


def test_a_freed_unit_goes_to_the_next_suitable_applicant(site, world):
    c = site.types["C"]
    ApplicationFactory(
        estate=site.estate,
        firm=world.firm_b,
        wanted_type=site.types["A"],
        applied_on=date(2023, 1, 1),
    )
    fits = ApplicationFactory(
        estate=site.estate, firm=world.firm_a, wanted_type=c, applied_on=date(2023, 6, 1)
    )
    unit = Unit.objects.get(code="C-4")
    assert services.next_applicant(unit) == fits  # firm B waits longer, but for a type A unit
    services.offer(fits, unit)
    assert Unit.objects.get(code="C-4").status == Unit.Status.RESERVED
    with pytest.raises(ValidationError):  # reserved for firm A
        lease(site, world.firm_b, ["C-4"], date(2024, 7, 1), date(2027, 6, 30))
    lease(
        site,
        world.firm_a,
        ["C-4"],
        date(2024, 7, 1),
        date(2027, 6, 30),
        application=fits,
        today=date(2024, 7, 1),
    )
    assert Application.objects.get(pk=fits.pk).status == Application.Status.LEASED
    assert Unit.objects.get(code="C-4").status == Unit.Status.OCCUPIED


def test_close_expired_ends_leases_past_their_term(site, world):
    lease(site, world.firm_a, ["C-1"], date(2021, 1, 1), date(2023, 12, 31))
    assert [x.status for x in services.close_expired(today=date(2024, 1, 2))] == ["ended"]
    assert Unit.objects.get(code="C-1").status == Unit.Status.VACANT


def test_the_manager_leases_a_unit_through_the_pages_and_the_plan_follows(site, world, login):
    client = login(site.manager_user)
    application = ApplicationFactory(
        estate=site.estate, firm=world.firm_a, applied_on=date(2024, 1, 1)
    )
    unit = Unit.objects.get(code="C-2")
    client.post(
        reverse("estates:waiting", args=[site.estate.pk]),
        {"action": "offer", "application": application.pk, "unit": unit.pk},
    )
    form = client.get(
        reverse("estates:lease-create", args=[site.estate.pk]), {"application": application.pk}
    ).context["form"]
    assert form.initial["tenant"] == world.firm_a.pk and form.initial["monthly_fee"] == 500_000
    start = timezone.localdate()
    response = client.post(
        reverse("estates:lease-create", args=[site.estate.pk]) + f"?application={application.pk}",
        {
            "tenant": world.firm_a.pk,
            "units": [unit.pk],
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=3 * 365)).isoformat(),
            "monthly_fee": "500000",
            "deposit": "1000000",
        },
    )
    item = Lease.objects.get()
    assert response["Location"] == item.get_absolute_url()
    page = client.get(site.estate.get_absolute_url())
    statuses = {u.code: u.status for row in page.context["plan"] for u, _lease in row}
    assert statuses["C-2"] == "occupied"
    assert page.context["now"].occupied == 1
    # Bad input: an overlapping lease is refused with a message and nothing saved.
    again = client.post(
        reverse("estates:lease-create", args=[site.estate.pk]),
        {
            "tenant": world.firm_b.pk,
            "units": [unit.pk],
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=30)).isoformat(),
            "monthly_fee": "500000",
            "deposit": "0",
        },
    )
    assert again.status_code == 200 and Lease.objects.count() == 1


def test_a_tenant_sees_only_its_own_lease(site, world, login):
    own = lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2026, 12, 31))
    other = lease(site, world.firm_b, ["C-2"], date(2024, 1, 1), date(2026, 12, 31))
    client = login(world.user("firm_a"))
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert listed(client.get(reverse("estates:leases", args=[site.estate.pk]))) == [own]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=world.user('firm_a')).key}")
    assert [r["id"] for r in api.get("/api/v1/leases/").json()["results"]] == [own.pk]
    assert api.get("/api/v1/payments/").json()["results"] == []
    assert (
        api.post(
            "/api/v1/payments/", {"lease": own.pk, "paid_on": "2024-02-01", "amount": 500000}
        ).status_code
        == 403
    )
    officer = login(world.user("officer"))
    assert officer.get(other.get_absolute_url()).status_code == 200  # the remit holds LIK Takaru
    assert officer.post(other.get_absolute_url(), {"action": "payment"}).status_code == 403


def test_an_officer_sees_the_leases_of_the_estates_in_his_remit_only(site, world, login):
    """Defect 10: a regional officer saw every estate's leases and payments."""
    one = lease(site, world.firm_b, ["C-2"], date(2024, 1, 1), date(2026, 12, 31))
    services.record_payment(
        lease_=one, paid_on=date(2024, 2, 1), amount=500_000, user=site.manager_user
    )
    for persona, sees in (("officer", True), ("far_officer", False), ("admin", True)):
        api = APIClient()
        token, _ = Token.objects.get_or_create(user=world.user(persona))
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        leases = [r["id"] for r in api.get("/api/v1/leases/").json()["results"]]
        payments = api.get("/api/v1/payments/").json()["results"]
        assert leases == ([one.pk] if sees else []), persona
        assert bool(payments) is sees, persona
        page = login(world.user(persona)).get(one.get_absolute_url())
        assert page.status_code == (200 if sees else 404), persona


def test_occupancy_page_and_xlsx(site, world, login):
    world.firm_a.kbli.set(["25130"])
    lease(site, world.firm_a, ["C-1"], date(2020, 1, 1), date(2030, 12, 31))
    client = login(world.user("firm_b"))
    page = client.get(reverse("estates:occupancy", args=[site.estate.pk]))
    assert "6" in page.content.decode() and page.context["now"].metal == 1
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("estates:occupancy-file", args=[site.estate.pk, "xlsx"])).content
        )
    ).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values[site.estate.name][0] is not None
    assert [row[:3] for row in sheet.iter_rows(values_only=True) if row[0] == "C"] == [("C", 4, 1)]


def test_end_of_lease_reminder_goes_once_sixty_days_ahead(site, world):
    item = lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2026, 12, 31))
    assert reminders.send_due(date(2026, 10, 31)) == []  # 61 days ahead
    assert reminders.send_due(date(2026, 11, 1)) == [item]
    assert set(mail.outbox[0].to) == {world.user("firm_a").email, site.manager_user.email}
    told = Notification.objects.filter(kind="lease_ending", url=item.get_absolute_url())
    assert set(told.values_list("recipient", flat=True)) == {
        world.user("firm_a").pk,
        site.manager_user.pk,
    }
    assert reminders.send_due(date(2026, 11, 2)) == []
    services.renew(item, ends_on=date(2029, 12, 31))
    Lease.objects.filter(pk=item.pk).update(reminded_for=None)
    assert reminders.send_due(date(2026, 11, 3)) == []  # renewed: nothing to remind


def test_estate_report_pdf_and_xlsx_as_jobs(site, world, login, run_tasks, tmp_path):
    world.firm_a.kbli.set(["25130"])
    item = lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2030, 12, 31))
    services.record_payment(lease_=item, paid_on=date(2024, 1, 10), amount=500_000)
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("estates:report", args=[site.estate.pk]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(Job.objects.get().output_file.read()))
    owed = occupancy.arrears(item).owed
    arrears_rows = list(book.worksheets[-1].values)
    assert arrears_rows[1][:3] == (world.firm_a.name, 500_000, int(owed))
    units = {row[0]: row for row in book.worksheets[1].values}
    assert units["C-1"][3] == world.firm_a.name and units["C-2"][3] in ("", None)
    with run_tasks():
        client.post(reverse("estates:report", args=[site.estate.pk]), {"format": "pdf"})
    path = tmp_path / "report.pdf"
    path.write_bytes(Job.objects.latest("pk").output_file.read())
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert site.estate.name in text and world.firm_a.name in text
    assert (
        login(world.user("firm_a"))
        .post(reverse("estates:report", args=[site.estate.pk]), {"format": "pdf"})
        .status_code
        == 403
    )


def test_the_lease_list_shows_active_leases_unless_asked_for_all(site, world, login):
    old = lease(site, world.firm_a, ["C-1"], date(2020, 1, 1), date(2022, 12, 31))
    services.end_lease(old, on=date(2022, 12, 31))
    current = lease(site, world.firm_a, ["C-1"], date(2023, 1, 1), date(2025, 12, 31))
    client = login(world.user("officer"))
    url = reverse("estates:leases", args=[site.estate.pk])
    assert listed(client.get(url)) == [current]
    assert set(listed(client.get(url, {"all": "1"}))) == {old, current}


def test_the_api_refuses_bad_leases_and_payments_and_saves_nothing(site, world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=world.user('admin')).key}")
    unit = site.units[2]
    bad = api.post(
        "/api/v1/leases/",
        {
            "estate": site.estate.pk,
            "units": [unit.pk],
            "tenant": world.firm_a.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2024-01-01",
            "monthly_fee": "500000",
        },
        format="json",
    )
    assert bad.status_code == 400 and "ends_on" in bad.json()
    good = api.post(
        "/api/v1/leases/",
        {
            "estate": site.estate.pk,
            "units": [unit.pk],
            "tenant": world.firm_a.pk,
            "starts_on": "2024-01-01",
            "ends_on": "2026-12-31",
            "monthly_fee": "500000",
        },
        format="json",
    )
    assert good.status_code == 201, good.json()
    clash = api.post(
        "/api/v1/leases/",
        {
            "estate": site.estate.pk,
            "units": [unit.pk],
            "tenant": world.firm_b.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "monthly_fee": "500000",
        },
        format="json",
    )
    assert clash.status_code == 400 and "non_field_errors" in clash.json()
    zero = api.post(
        "/api/v1/payments/",
        {"lease": good.json()["id"], "paid_on": "2024-02-01", "amount": 0},
        format="json",
    )
    assert zero.status_code == 400
    assert Lease.objects.count() == 1 and not Lease.objects.get().payments.exists()


def test_estate_workbooks_keep_formula_like_names_as_text(site, world, login, run_tasks):
    item = lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2030, 12, 31))
    services.record_payment(lease_=item, paid_on=date(2024, 1, 10), amount=500_000)
    Estate.objects.filter(pk=site.estate.pk).update(name=FORMULA)
    Firm.objects.filter(pk=world.firm_a.pk).update(name=AT_SUM)
    client = login(world.user("officer"))
    occupancy_file = client.get(reverse("estates:occupancy-file", args=[site.estate.pk, "xlsx"]))
    assert_kept_as_text(occupancy_file.content, FORMULA)
    with run_tasks():
        client.post(reverse("estates:report", args=[site.estate.pk]), {"format": "xlsx"})
    assert_kept_as_text(Job.objects.get().output_file.read(), FORMULA, AT_SUM)


def test_a_line_break_in_a_name_does_not_reach_the_mail_subject(site, world):
    Firm.objects.filter(pk=world.firm_a.pk).update(name="CV Satu\nBcc: x@example.com")
    item = lease(site, world.firm_a, ["C-1"], date(2024, 1, 1), date(2026, 12, 31))
    assert reminders.send_due(date(2026, 11, 1)) == [item]
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "CV Satu Bcc: x@example.com" in subject


def test_the_estate_report_follows_the_lease_remit(site, world, login):
    """The report holds tenants and arrears: the same people as the leases (defect 10)."""

    url = reverse("estates:report", args=[site.estate.pk])
    assert login(world.user("far_officer")).post(url, {"format": "xlsx"}).status_code == 403
    assert not Job.objects.exists()
    assert login(world.user("officer")).post(url, {"format": "xlsx"}).status_code == 302
    assert Job.objects.get().user == world.user("officer")


@pytest.mark.parametrize(
    ("first", "last", "ends"),
    [
        (
            date(2024, 1, 31),
            date(2024, 3, 15),
            [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 15)],
        ),
        (
            date(2023, 12, 1),
            date(2024, 2, 10),
            [date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 10)],
        ),
        (date(2023, 2, 1), date(2023, 2, 28), [date(2023, 2, 28)]),
    ],
)
def test_month_ends_stop_at_the_last_day(first, last, ends):
    assert occupancy.month_ends(first, last) == ends


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "day", "months"),
    [
        (date(2024, 1, 31), date(2025, 1, 30), date(2024, 1, 30), 0),  # not begun yet
        (date(2024, 1, 31), date(2025, 1, 30), date(2024, 2, 1), 2),
        (date(2024, 2, 29), date(2025, 2, 27), date(2024, 3, 28), 2),
        (date(2023, 12, 31), date(2024, 12, 30), date(2024, 1, 1), 2),
        (date(2023, 12, 1), date(2024, 2, 29), date(2026, 1, 1), 3),  # over: its own months
    ],
)
def test_months_begun_count_the_start_month_in_full(starts_on, ends_on, day, months):
    assert occupancy.months_begun(Lease(starts_on=starts_on, ends_on=ends_on), day) == months


@pytest.mark.parametrize(
    ("today", "ends_on"),
    [
        (date(2028, 1, 31), date(2031, 1, 30)),
        (date(2028, 2, 29), date(2031, 2, 28)),
        (date(2028, 3, 1), date(2031, 2, 28)),
        (date(2026, 12, 31), date(2029, 12, 30)),
        (date(2027, 1, 1), date(2029, 12, 31)),
    ],
)
def test_a_new_lease_is_offered_for_three_years(site, login, today, ends_on):
    url = reverse("estates:lease-create", args=[site.estate.pk])
    with time_machine.travel(datetime.combine(today, time(10), tzinfo=JAKARTA)):
        client = login(site.manager_user)  # signed in on that day, so the session is fresh
        form = client.get(url, {"unit": Unit.objects.get(code="C-1").pk}).context["form"]
    assert (form.initial["starts_on"], form.initial["ends_on"]) == (today, ends_on)


@pytest.mark.parametrize(
    ("ends_on", "renewed_to"),
    [
        (date(2028, 1, 31), date(2031, 1, 31)),
        (date(2028, 2, 29), date(2031, 2, 28)),
        (date(2026, 12, 31), date(2029, 12, 31)),
    ],
)
def test_a_renewal_is_offered_for_three_more_years(site, world, login, ends_on, renewed_to):
    item = lease(site, world.firm_a, ["C-1"], date(2025, 3, 1), ends_on)
    page = login(site.manager_user).get(item.get_absolute_url())
    assert page.context["renew_form"].initial["ends_on"] == renewed_to


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            [
                '<dd class="col-sm-8">3 Oct 2025 – 2 Oct 2028</dd>',
                '<dt class="col-sm-4">Monthly fee</dt><dd class="col-sm-8">Rp 1,500,000</dd>',
                # Every month begun since October 2025 by the pinned day is due, one paid.
                "In arrears: Rp {owed}",
                "{months} months due so far: Rp {due}; paid Rp 1,500,000.",
                "<span>10 Oct 2025</span><strong>Rp 1,500,000</strong>",
            ],
        ),
        (
            "id",
            [
                '<dd class="col-sm-8">3 Okt. 2025 – 2 Okt. 2028</dd>',
                '<dd class="col-sm-8">Rp 1.500.000</dd>',
                "<span>10 Okt. 2025</span><strong>Rp 1.500.000</strong>",
            ],
        ),
    ],
)
def test_the_lease_page_writes_dates_and_amounts_in_the_reader_s_language(
    site, world, login, language, texts
):
    item = lease(site, world.firm_a, ["A-1"], date(2025, 10, 3), date(2028, 10, 2), fee=1_500_000)
    services.record_payment(
        lease_=item, paid_on=date(2025, 10, 10), amount=1_500_000, user=site.manager_user
    )
    site.manager_user.language = language
    site.manager_user.save()
    page = login(site.manager_user).get(item.get_absolute_url()).content.decode()
    today = timezone.localdate()
    months = (today.year - 2025) * 12 + today.month - 10 + 1  # October 2025 to today's month
    due = {"months": months, "due": f"{months * 1_500_000:,}"}
    for text in texts:
        assert text.format(**due, owed=f"{(months - 1) * 1_500_000:,}") in page


def test_a_payment_names_its_amount_and_day_in_the_active_language(site, world):
    item = lease(site, world.firm_a, ["A-1"], date(2025, 10, 3), date(2028, 10, 2))
    payment = services.record_payment(lease_=item, paid_on=date(2025, 10, 3), amount=1_500_000)
    with translation.override("id"):
        assert str(payment) == "Rp 1.500.000 · 03-10-2025"
    with translation.override("en"):
        assert str(payment) == "Rp 1,500,000 · 03/10/2025"
