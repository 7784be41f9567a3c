"""The call-off schedule import: a buyer uploads a schedule for one agreement, sees every problem
or a preview, and confirms; every call-off is released, or none. The clock stands on Monday
15 June 2026 (tests/calloffs/conftest.py); due dates count from it."""

import csv
import io
import json
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from rantai.calloffs import importing
from rantai.calloffs.models import CallOff
from rantai.core import spreadsheets
from rantai.core.importing.rows import ImportRejected
from rantai.core.models import Job
from rantai.inbox.models import Notification
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Order, OrderLine, Partnership
from rantai.webhooks.models import Event
from tests.calloffs.conftest import release
from tests.factories.webhooks import EndpointFactory
from tests.webhooks.receiver import running_receiver
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db
HEADER = [c.key for c in importing.COLUMNS]
ENGLISH = [c.alias for c in importing.COLUMNS]


def day(n: int) -> date:
    """``n`` days after the pinned date."""
    return timezone.localdate() + timedelta(days=n)


def row(**values) -> list:
    """A row as a CSV holds it: a firm call-off of 500 bushings due in a week, 08:00–10:00."""
    base = {
        "nomor_part": "BS-12",
        "revisi_gambar": "C",
        "nama_part": "Bushing baja suspensi",
        "jumlah": "500",
        "satuan": "pcs",
        "harga_satuan": "4.500",
        "jatuh_tempo": day(7).strftime("%d/%m/%Y"),
        "jendela_dari": "08:00",
        "jendela_sampai": "10.00",
        "titik_kirim": "Gudang penerimaan, Gerbang 2",
    }
    base.update(values)
    return [base.get(key, "") for key in HEADER]


def good_rows() -> list[list]:
    """Three call-offs: a firm one due tomorrow; a kanban pull in the forecast zone, numbered by
    Rantai, due in a week (day first, with dashes); a bracket in sets with 8 hours to answer."""
    kanban = {"jumlah": "", "kartu_kanban": "6", "jumlah_per_kartu": "50", "zona": "prakiraan"}
    return [
        row(nomor="CO-W25-01", jatuh_tempo=day(1).isoformat()),
        row(**kanban, jatuh_tempo=day(7).strftime("%d-%m-%Y")),
        row(
            nomor="CO-W25-03",
            nomor_part="BR-7",
            nama_part="Bracket dudukan",
            jumlah="1.250",
            satuan="set",
            zona="pasti",
            jam_konfirmasi="8",
            jendela_dari="",
            jendela_sampai="",
        ),
    ]


def xlsx(rows, header=HEADER, name="jadwal.xlsx") -> SimpleUploadedFile:
    """An .xlsx as a person or Rantai's exports write it: text that begins with = stays text."""
    workbook = Workbook()
    spreadsheets.append(workbook.active, header)
    for r in rows:
        spreadsheets.append(workbook.active, r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, header=HEADER, delimiter=";", name="jadwal.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"))


def upload(client, run_tasks, partnership, file):
    with run_tasks():
        response = client.post(reverse("calloffs:import", args=[partnership.pk]), {"file": file})
    assert response.status_code == 302, response.content
    job = Job.objects.latest("pk")
    job.refresh_from_db()
    return job


def review_url(job) -> str:
    return reverse("calloffs:import-review", args=[job.pk])


def confirm(client, run_tasks, job):
    with run_tasks():
        response = client.post(review_url(job))
    job.refresh_from_db()
    return response


def errors_of(job) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.result["errors"]]


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Notification.Kind.CALL_OFF).values_list(
            "subject", flat=True
        )
    )


@pytest.fixture
def buyer(supply, login):
    return login(supply.buyer_user)


# ---- the whole flow -------------------------------------------------------------------------


def test_a_good_xlsx_is_checked_then_released_whole(world, supply, buyer, run_tasks):
    point = "Gudang penerimaan, Gerbang 2"
    bushing = ["BS-12", "C", "Bushing baja suspensi"]
    bracket, end = ["BR-7", "", "Bracket dudukan"], [point, "Firm", 8]
    excel = [
        ["CO-W25-01", *bushing, 500, None, None, "pcs", 4500, day(1), time(8), time(10), point],
        # A kanban pull from 09:00 (Excel's fraction of a day) to "12.00", a forecast.
        [None, *bushing, None, 6, 50, "pcs", 4500, day(7), 0.375, "12.00", point, "prakiraan"],
        # The zone in English, in any case; 8 working hours to acknowledge.
        ["CO-W25-03", *bracket, 1250, None, None, "set", "12.500", day(7), None, None, *end],
    ]
    job = upload(buyer, run_tasks, supply.deal, xlsx(excel))
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "validated"
    assert job.result["error_count"] == 0
    assert (job.result["call_offs"], job.result["firm"], job.result["forecast"]) == (3, 2, 1)
    assert [
        (p["row"], p["number"], p["quantity"], p["window"], p["zone"])
        for p in job.result["preview"]
    ] == [
        (2, "CO-W25-01", "500", "08:00–10:00", "firm"),
        (3, "CO-260615-001", "300", "09:00–12:00", "forecast"),
        (4, "CO-W25-03", "1,250", "", "firm"),  # the job ran in the buyer's English
    ]
    page = buyer.get(review_url(job)).content.decode()
    assert 'data-testid="import-preview"' in page and 'data-testid="import-confirm"' in page
    assert not CallOff.objects.exists() and not Order.objects.exists()  # the check wrote nothing
    assert told(world.user("firm_a")) == []

    response = confirm(buyer, run_tasks, job)
    assert response.status_code == 302
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "imported"
    assert job.message_text == "3 call-offs released"
    made = {c.number: c for c in CallOff.objects.filter(partnership=supply.deal)}
    assert sorted(made) == ["CO-260615-001", "CO-W25-01", "CO-W25-03"]
    first, kanban, bracket = made["CO-W25-01"], made["CO-260615-001"], made["CO-W25-03"]
    assert (first.quantity, first.due_on, first.window_from, first.window_to) == (
        Decimal(500),
        day(1),
        time(8),
        time(10),
    )
    assert (kanban.kanban_cards, kanban.card_quantity, kanban.quantity, kanban.zone) == (
        6,
        Decimal(50),
        Decimal(300),
        CallOff.Zone.FORECAST,
    )
    assert (bracket.unit, bracket.unit_price, bracket.ack_hours, bracket.window_from) == (
        "set",
        Decimal(12500),
        8,
        None,
    )
    # As released by hand: firm call-offs are order lines, a forecast is not; the history
    # names the buyer; the supplier is told once, of the whole schedule.
    assert first.line.order.number == "CO-W25-01" and bracket.line.quantity == Decimal(1250)
    assert kanban.line is None
    assert OrderLine.objects.filter(partnership=supply.deal).count() == 2
    assert first.ack_due_at is not None and kanban.ack_due_at is None
    assert {h.history_user for c in made.values() for h in c.history.all()} == {supply.buyer_user}
    assert all(c.created_by == supply.buyer_user for c in made.values())
    assert told(world.user("firm_a")) == ["3 new call-offs from PT Jateng Presisi Otomotif"]
    page = buyer.get(review_url(job)).content.decode()
    assert 'data-testid="import-done"' in page


def test_a_good_csv_with_english_headers_is_released_and_each_call_off_reaches_the_erp(
    world, supply, buyer, run_tasks, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    with running_receiver() as erp:
        EndpointFactory(
            organisation=supply.deal.supplier, url=erp.url, events=[Event.CALLOFF_RELEASED]
        )
        job = upload(buyer, run_tasks, supply.deal, csv_file(good_rows(), header=ENGLISH))
        assert job.result["error_count"] == 0 and job.result["call_offs"] == 3
        assert erp.received == []
        confirm(buyer, run_tasks, job)
    assert job.result["stage"] == "imported"
    call_offs = CallOff.objects.filter(partnership=supply.deal).order_by("due_on", "pk")
    assert [(c.number, c.quantity, c.unit) for c in call_offs] == [
        ("CO-W25-01", Decimal(500), "pcs"),
        ("CO-260615-001", Decimal(300), "pcs"),
        ("CO-W25-03", Decimal(1250), "set"),
    ]
    assert [c.due_on for c in call_offs] == [day(1), day(7), day(7)]
    assert call_offs[0].window_to == time(10)  # "10.00"
    sent = sorted(json.loads(r.body)["data"]["number"] for r in erp.received)
    assert sent == ["CO-260615-001", "CO-W25-01", "CO-W25-03"]
    assert {r.headers["X-Rantai-Event"] for r in erp.received} == {"calloff.released"}
    assert told(world.user("firm_a")) == ["3 new call-offs from PT Jateng Presisi Otomotif"]


# ---- a bad row: nothing is written ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        (
            dict(jatuh_tempo="31/06/2026"),
            "jatuh_tempo",
            "31/06/2026 is not a date in the calendar.",
        ),
        (
            dict(jatuh_tempo=lambda: day(-1).strftime("%d/%m/%Y")),
            "jatuh_tempo",
            "The due date is in the past.",
        ),
        (  # the agreement ends on 2 October 2027
            dict(jatuh_tempo="03/10/2027"),
            "jatuh_tempo",
            "The agreement ends before this due date.",
        ),
        (
            dict(zona="mungkin"),
            "zona",
            "Unknown zone mungkin; use tetap (firm) or prakiraan (forecast).",
        ),
        (
            dict(jendela_dari="10:00", jendela_sampai="08:00"),
            "jendela_sampai",
            "The delivery window must end after it starts.",
        ),
        (dict(jendela_dari="pagi"), "jendela_dari", "Enter a time such as 08:00 or 8.00."),
        (dict(nomor="CO-W25-01"), "nomor", "This number is used twice in the schedule."),
        (dict(titik_kirim=""), "titik_kirim", "This field is required."),
        (dict(nama_part=""), "nama_part", "This field is required."),
        (
            dict(jumlah=""),
            "jumlah",
            "Give the quantity, or the kanban cards and the quantity per card.",
        ),
        (
            dict(kartu_kanban="6", jumlah_per_kartu="50"),
            "jumlah",
            "A kanban pull of 6 cards × 50 is 300, not 500.",
        ),
        (dict(jumlah="0"), "jumlah", "Ensure this value is greater than or equal to 0.01."),
        (dict(satuan="lusin"), "satuan", "Unknown unit lusin; use pcs, set, kg or unit."),
        (dict(nomor_part="X" * 61), "nomor_part", "Ensure this value has at most 60 characters"),
    ],
)
def test_one_bad_row_writes_nothing_and_is_named_by_row_and_column(
    supply, buyer, run_tasks, changes, column, message
):
    changes = {k: v() if callable(v) else v for k, v in changes.items()}  # dates from today
    job = upload(buyer, run_tasks, supply.deal, csv_file([*good_rows(), row(**changes)]))
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "validated"
    [(number, where, said)] = errors_of(job)
    assert (number, where) == (5, column)
    assert said.startswith(message), said
    page = buyer.get(review_url(job)).content.decode()
    assert 'data-testid="import-errors"' in page and 'data-testid="import-confirm"' not in page

    before = fingerprint()
    confirm(buyer, run_tasks, job)  # a confirm posted anyway is refused
    assert job.result["stage"] == "validated"
    assert not CallOff.objects.exists() and not Order.objects.exists()
    assert fingerprint()["calloffs.CallOff"] == before["calloffs.CallOff"]


def test_a_number_the_agreement_already_has_is_a_row_error(supply, buyer, run_tasks):
    release(supply, number="CO-W25-03")
    partnership_services.create_order(
        partnership=supply.deal,
        number="PO-77",
        ordered_on=day(0),
        lines=[{"part": "Pin", "quantity": 1, "unit": "pcs", "unit_price": 1, "due_on": day(3)}],
        user=supply.buyer_user,
        rescore=False,
    )
    job = upload(buyer, run_tasks, supply.deal, csv_file([*good_rows(), row(nomor="PO-77")]))
    assert errors_of(job) == [
        (4, "nomor", "This agreement already has a call-off or order numbered CO-W25-03."),
        (5, "nomor", "This agreement already has a call-off or order numbered PO-77."),
    ]
    assert CallOff.objects.count() == 1


def test_every_problem_of_a_row_is_listed(supply, buyer, run_tasks):
    bad = row(nomor="CO-W25-01", jatuh_tempo="kemarin", zona="?", jumlah="banyak", harga_satuan="")
    job = upload(buyer, run_tasks, supply.deal, csv_file([*good_rows(), bad]))
    assert {(r, c) for r, c, _m in errors_of(job)} == {
        (5, "nomor"),
        (5, "jumlah"),
        (5, "harga_satuan"),
        (5, "jatuh_tempo"),
        (5, "zona"),
    }
    assert not CallOff.objects.exists()


def test_a_made_up_number_avoids_the_numbers_the_file_gives(supply, buyer, run_tasks):
    rows = [row(), row(nomor="CO-260615-001"), row()]
    job = upload(buyer, run_tasks, supply.deal, csv_file(rows))
    assert job.result["error_count"] == 0
    assert [p["number"] for p in job.result["preview"]] == [
        "CO-260615-002",
        "CO-260615-001",
        "CO-260615-003",
    ]
    confirm(buyer, run_tasks, job)
    assert sorted(CallOff.objects.values_list("number", flat=True)) == [
        "CO-260615-001",
        "CO-260615-002",
        "CO-260615-003",
    ]


# ---- checked again when confirmed -----------------------------------------------------------


def test_nothing_is_written_when_the_agreement_was_terminated_after_the_check(
    world, supply, buyer, run_tasks
):
    job = upload(buyer, run_tasks, supply.deal, csv_file(good_rows()))
    assert job.result["error_count"] == 0
    partnership_services.change_status(
        supply.deal, Partnership.Status.TERMINATED, reason="Pemasok tutup"
    )
    confirm(buyer, run_tasks, job)
    assert job.status == Job.Status.FAILED and job.result["stage"] == "rejected"
    assert job.result["file_error"] == (
        "Call-offs can only be released under a signed or active agreement."
    )
    page = buyer.get(review_url(job)).content.decode()
    assert 'data-testid="import-file-error"' in page
    assert "The file no longer passes the checks; nothing was imported." in page
    assert not CallOff.objects.exists() and not Order.objects.exists()
    assert told(world.user("firm_a")) == []


def test_a_call_off_released_between_check_and_confirm_is_seen_again(supply, buyer, run_tasks):
    job = upload(buyer, run_tasks, supply.deal, csv_file(good_rows()))
    release(supply, number="CO-W25-03")
    confirm(buyer, run_tasks, job)
    assert job.result["stage"] == "rejected"
    assert errors_of(job) == [
        (4, "nomor", "This agreement already has a call-off or order numbered CO-W25-03.")
    ]
    assert CallOff.objects.count() == 1


def test_a_problem_found_only_by_the_write_goes_back_to_its_row(supply, tmp_path):
    """The write's own refusal (release_schedule's, row by row) becomes the file's row errors,
    and the transaction leaves nothing behind."""
    path = tmp_path / "jadwal.csv"
    path.write_bytes(csv_file(good_rows()).read())
    outcome = importing.SCHEDULE.validate(path, user=supply.buyer_user, target=supply.deal)
    assert outcome.errors == []
    release(supply, number="CO-W25-01")
    with pytest.raises(ImportRejected) as rejected:
        importing.SCHEDULE.write(outcome, user=supply.buyer_user, target=supply.deal, progress=None)
    assert [(e.row, e.column) for e in rejected.value.outcome.errors] == [(2, "nomor")]
    assert CallOff.objects.count() == 1


# ---- who may import -------------------------------------------------------------------------


def test_only_the_buyer_and_administrators_may_import(world, supply, login, run_tasks):
    deal = supply.deal
    urls = [
        reverse("calloffs:import", args=[deal.pk]),
        reverse("calloffs:import-template", args=[deal.pk]),
    ]
    expected = {
        supply.buyer_user: 200,
        world.user("admin"): 200,
        world.user("firm_a"): 403,  # the supplier sees the agreement's call-offs, releases none
        world.user("coop_manager"): 403,
        world.user("firm_b"): 404,  # nobody else learns the agreement exists
        supply.other_buyer_user: 404,
    }
    for user, status in expected.items():
        client = login(user)
        assert [client.get(url).status_code for url in urls] == [status, status], user
    assert login(None).get(urls[0]).status_code == 302

    before = fingerprint()
    for user in (world.user("firm_a"), supply.other_buyer_user):
        response = login(user).post(urls[0], {"file": csv_file(good_rows())})
        assert response.status_code in (403, 404)
    assert fingerprint() == before  # no job, no file, no call-off

    # A review belongs to whoever uploaded the file; another's confirm writes nothing.
    job = upload(login(supply.buyer_user), run_tasks, deal, csv_file(good_rows()))
    for user in (world.user("admin"), world.user("firm_a"), supply.other_buyer_user):
        client = login(user)
        assert client.get(review_url(job)).status_code == 404
        with run_tasks():
            assert client.post(review_url(job)).status_code == 404
    job.refresh_from_db()
    assert job.result["stage"] == "validated"
    assert not CallOff.objects.exists()


def test_the_supplier_cannot_import_even_past_the_page(world, supply, tmp_path):
    """Every row asks the rule a call-off released by hand asks, so the file of a user the
    page would have stopped is refused row by row too."""
    path = tmp_path / "jadwal.xlsx"
    path.write_bytes(xlsx(good_rows()).read())
    supplier = world.user("firm_a")
    with translation.override("en"):
        refused = importing.SCHEDULE.validate(path, user=supplier, target=supply.deal)
    assert {(e.row, e.column, e.message) for e in refused.errors} == {
        (n, "nomor", "You may not do this") for n in (2, 3, 4)
    }
    with pytest.raises(ImportRejected):
        importing.SCHEDULE.apply(path, user=supplier, target=supply.deal)
    assert not CallOff.objects.exists() and not Order.objects.exists()


def test_a_buyer_who_left_before_the_worker_ran_imports_nothing(
    supply, buyer, run_tasks, django_capture_on_commit_callbacks
):
    job = upload(buyer, run_tasks, supply.deal, csv_file(good_rows()))
    with django_capture_on_commit_callbacks() as pending:  # confirmed; the worker not run yet
        buyer.post(review_url(job))
    supply.buyer_user.memberships.update(is_active=False)
    for callback in pending:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.result["stage"] == "rejected"
    assert {(e["row"], e["column"]) for e in job.result["errors"]} == {
        (2, "nomor"),
        (3, "nomor"),
        (4, "nomor"),
    }
    assert not CallOff.objects.exists()


# ---- text, the template, the pages ----------------------------------------------------------


FORMULA = '=HYPERLINK("http://x","y")'
COMMAND = "+cmd|' /C calc'!A0"


@pytest.mark.parametrize("make", [xlsx, csv_file])
def test_text_typed_in_a_cell_stays_text_and_is_shown_escaped(supply, buyer, run_tasks, make):
    rows = [row(nomor="CO-F1", nama_part=FORMULA, nomor_part=COMMAND, titik_kirim="@SUM(1)")]
    job = upload(buyer, run_tasks, supply.deal, make(rows))
    assert job.result["error_count"] == 0
    page = buyer.get(review_url(job)).content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
    assert "+cmd|&#x27; /C calc&#x27;!A0" in page
    assert FORMULA not in page and COMMAND not in page
    confirm(buyer, run_tasks, job)
    call_off = CallOff.objects.get(number="CO-F1")
    assert (call_off.description, call_off.part_number, call_off.delivery_point) == (
        FORMULA,
        COMMAND,
        "@SUM(1)",
    )
    detail = buyer.get(call_off.get_absolute_url()).content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in detail and FORMULA not in detail


def test_an_exported_csv_cell_imports_without_its_apostrophe(supply, buyer, run_tasks):
    rows = [row(nomor="CO-F2", nama_part=spreadsheets.csv_value(FORMULA))]
    job = upload(buyer, run_tasks, supply.deal, csv_file(rows))
    confirm(buyer, run_tasks, job)
    assert CallOff.objects.get().description == FORMULA


def test_the_template_explains_the_columns_and_imports_as_it_is(supply, buyer, run_tasks):
    response = buyer.get(reverse("calloffs:import-template", args=[supply.deal.pk]))
    assert response["Content-Disposition"].endswith('rantai-call-off-schedule-template.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, guide = workbook.worksheets
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in guide["A"]][1:] == HEADER
    assert [c.value for c in guide["B"]][1:] == ENGLISH
    job = upload(
        buyer, run_tasks, supply.deal, SimpleUploadedFile("template.xlsx", response.content)
    )
    assert job.result["error_count"] == 0 and job.result["call_offs"] == 1
    confirm(buyer, run_tasks, job)
    call_off = CallOff.objects.get()
    assert (call_off.due_on, call_off.window_from, call_off.zone) == (day(7), time(8), "firm")


def test_the_board_and_the_upload_page_link_the_import(world, supply, buyer, login):
    board = f"{reverse('calloffs:board')}?partnership={supply.deal.pk}"
    import_url = reverse("calloffs:import", args=[supply.deal.pk])
    assert f'href="{import_url}"' in buyer.get(board).content.decode()
    assert import_url not in login(world.user("firm_a")).get(board).content.decode()
    page = login(supply.buyer_user).get(import_url).content.decode()
    assert 'data-testid="import-file"' in page and "jendela_sampai" in page
    assert 'data-testid="import-not-releasable"' not in page


def test_a_draft_agreement_takes_no_schedule(supply, buyer, run_tasks):
    Partnership.objects.filter(pk=supply.deal.pk).update(status=Partnership.Status.DRAFT)
    page = buyer.get(reverse("calloffs:import", args=[supply.deal.pk])).content.decode()
    assert 'data-testid="import-not-releasable"' in page
    job = upload(buyer, run_tasks, supply.deal, csv_file(good_rows()))
    assert job.status == Job.Status.FAILED and job.result["file_error"]
    assert not CallOff.objects.exists()
