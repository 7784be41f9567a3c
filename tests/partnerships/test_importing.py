"""The ERP import of orders and deliveries: a buyer uploads its export for one partnership, sees
every problem or the counts, and confirms; all rows are written, or none."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from rantai.core.importing import reading
from rantai.core.importing.rows import ImportRejected
from rantai.core.models import Job
from rantai.partnerships import importing, services
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership
from tests.factories import sign_and_activate

pytestmark = pytest.mark.django_db
HEADER = [c.key for c in importing.COLUMNS]


def row(**values) -> list:
    base = {
        "nomor_po": "PO-2024-001",
        "tanggal_po": "2024-01-10",
        "komponen": "Bushing baja BS-12",
        "jumlah": "1000",
        "satuan": "pcs",
        "harga_satuan": "12500",
        "jatuh_tempo": "2024-02-10",
    }
    base.update(values)
    return [base.get(key, "") for key in HEADER]


GOOD_ROWS = [
    # Two deliveries of one line, a line not delivered yet, and a second order.
    row(tanggal_kirim="2024-02-08", jumlah_diterima="600", jumlah_ditolak="0"),
    row(
        tanggal_kirim="2024-02-12",
        jumlah_diterima="400",
        jumlah_ditolak="5",
        alasan_tolak="Retak pada ulir",
    ),
    row(komponen="Bracket dudukan", jumlah="200", satuan="set", jatuh_tempo="2024-02-20"),
    row(
        nomor_po="PO-2024-002",
        tanggal_po="2024-01-20",
        jumlah="500",
        jatuh_tempo="2024-03-01",
        tanggal_kirim="2024-03-01",
        jumlah_diterima="500",
    ),
]


def xlsx(rows, header=HEADER, name="pesanan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(header)
    for r in rows:
        workbook.active.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, header=HEADER, delimiter=";", name="pesanan.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"))


def upload(client, run_tasks, partnership, file):
    with run_tasks():
        response = client.post(
            reverse("partnerships:orders-import", args=[partnership.pk]), {"file": file}
        )
    assert response.status_code == 302, response.content
    job = Job.objects.latest("pk")
    job.refresh_from_db()
    return job


def confirm(client, run_tasks, job):
    with run_tasks():
        response = client.post(reverse("partnerships:orders-import-review", args=[job.pk]))
    job.refresh_from_db()
    return response


def errors_of(job) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in job.result["errors"]}


def counts(job) -> dict:
    keys = [
        "orders_new",
        "orders_existing",
        "lines_new",
        "lines_existing",
        "deliveries_new",
        "deliveries_existing",
    ]
    return {k: job.result[k] for k in keys}


@pytest.fixture
def deal(chain):
    return sign_and_activate(chain.deal)


@pytest.fixture
def buyer(chain, login):
    return login(chain.buyer_user)


# ---- the whole flow -------------------------------------------------------------------------


def test_a_good_file_imports_orders_lines_and_deliveries_and_again_adds_nothing(
    deal, chain, buyer, run_tasks, monkeypatch
):
    rescored = []
    monkeypatch.setattr(services, "schedule_scores", rescored.append)
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "validated"
    assert job.result["error_count"] == 0 and job.progress == job.total == 4
    assert counts(job) == {
        "orders_new": 2,
        "orders_existing": 0,
        "lines_new": 3,
        "lines_existing": 0,
        "deliveries_new": 3,
        "deliveries_existing": 0,
    }
    review = buyer.get(reverse("partnerships:orders-import-review", args=[job.pk]))
    assert 'data-testid="import-summary"' in review.content.decode()
    assert 'data-testid="import-confirm"' in review.content.decode()
    assert not Order.objects.exists()  # the check writes nothing
    assert rescored == []

    response = confirm(buyer, run_tasks, job)
    assert response.status_code == 302
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "imported"
    order = Order.objects.get(partnership=deal, number="PO-2024-001")
    assert order.ordered_on == date(2024, 1, 10) and order.created_by == chain.buyer_user
    bushing = order.lines.get(part="Bushing baja BS-12")
    assert (bushing.quantity, bushing.unit, bushing.unit_price, bushing.due_on) == (
        Decimal(1000),
        "pcs",
        Decimal(12500),
        date(2024, 2, 10),
    )
    deliveries = list(bushing.deliveries.order_by("delivered_on"))
    assert [(d.delivered_on, d.quantity, d.rejected) for d in deliveries] == [
        (date(2024, 2, 8), 600, 0),
        (date(2024, 2, 12), 400, 5),
    ]
    assert deliveries[1].reject_reason == "Retak pada ulir"
    assert deliveries[1].history.first().history_user == chain.buyer_user
    assert order.lines.get(part="Bracket dudukan").unit == "set"
    assert not order.lines.get(part="Bracket dudukan").deliveries.exists()
    assert OrderLine.objects.filter(partnership=deal).count() == 3
    assert Delivery.objects.filter(partnership=deal).count() == 3
    assert rescored == [chain.buyer.pk]  # once for the whole file

    # The same file again: everything is recognised, nothing is added.
    again = upload(buyer, run_tasks, deal, csv_file(GOOD_ROWS))
    assert counts(again) == {
        "orders_new": 0,
        "orders_existing": 2,
        "lines_new": 0,
        "lines_existing": 3,
        "deliveries_new": 0,
        "deliveries_existing": 3,
    }
    review = buyer.get(reverse("partnerships:orders-import-review", args=[again.pk]))
    assert 'data-testid="import-confirm"' not in review.content.decode()
    confirm(buyer, run_tasks, again)
    assert again.result["stage"] == "imported"
    assert (Order.objects.count(), OrderLine.objects.count(), Delivery.objects.count()) == (2, 3, 3)


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_column(
    deal, buyer, run_tasks
):
    rows = [*GOOD_ROWS[:2], row(komponen="Bracket dudukan", jumlah="banyak"), GOOD_ROWS[3]]
    job = upload(buyer, run_tasks, deal, csv_file(rows))
    assert job.status == Job.Status.SUCCEEDED and job.result["error_count"] == 1
    assert errors_of(job) == {(4, "jumlah")}
    review = buyer.get(reverse("partnerships:orders-import-review", args=[job.pk])).content.decode()
    assert 'data-testid="import-errors"' in review
    assert 'data-testid="import-confirm"' not in review
    # Confirming a file with errors is refused; nothing was written.
    response = confirm(buyer, run_tasks, job)
    assert response["Location"] == reverse("partnerships:orders-import-review", args=[job.pk])
    assert job.result["stage"] == "validated"
    assert not Order.objects.exists()


def test_every_rule_is_checked_row_by_row(deal, buyer, run_tasks):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    rows = [
        row(nomor_po="", komponen=""),  # 2: required values
        row(tanggal_po="31/13/2024", jatuh_tempo="kemarin"),  # 3: dates
        row(jatuh_tempo="2024-01-05"),  # 4: due before the order
        row(jumlah="0", harga_satuan="-5", satuan="lusin"),  # 5
        row(tanggal_kirim=tomorrow, jumlah_diterima="10"),  # 6: delivered in the future
        row(tanggal_kirim="2024-01-02", jumlah_diterima="10"),  # 7: before the order
        row(
            tanggal_kirim="2024-02-01", jumlah_diterima="10", jumlah_ditolak="11", alasan_tolak="x"
        ),
        row(tanggal_kirim="2024-02-01", jumlah_diterima="10", jumlah_ditolak="2"),  # 9: why?
        row(tanggal_kirim="2024-02-01"),  # 10: how many?
        row(jumlah_diterima="10"),  # 11: when?
        row(jumlah_ditolak="-1", tanggal_kirim="2024-02-01", jumlah_diterima="10"),  # 12
        row(jumlah="12,345"),  # 13: at most two decimals
        row(nomor_po="P" * 61),  # 14: too long
    ]
    job = upload(buyer, run_tasks, deal, xlsx(rows))
    assert errors_of(job) == {
        (2, "nomor_po"),
        (2, "komponen"),
        (3, "tanggal_po"),
        (3, "jatuh_tempo"),
        (4, "jatuh_tempo"),
        (5, "jumlah"),
        (5, "satuan"),
        (5, "harga_satuan"),
        (6, "tanggal_kirim"),
        (7, "tanggal_kirim"),
        (8, "jumlah_ditolak"),
        (9, "alasan_tolak"),
        (10, "jumlah_diterima"),
        (11, "tanggal_kirim"),
        (12, "jumlah_ditolak"),
        (13, "jumlah"),
        (14, "nomor_po"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    # The same messages as the order forms and the services give.
    with pytest.raises(ValidationError) as due_early:
        services.create_order(
            partnership=deal,
            number="X",
            ordered_on=date(2024, 1, 10),
            lines=[
                {
                    "part": "p",
                    "quantity": 1,
                    "unit": "pcs",
                    "unit_price": 1,
                    "due_on": date(2024, 1, 5),
                }
            ],
        )
    assert messages[(4, "jatuh_tempo")] == due_early.value.message_dict["due_on"][0]
    assert not Order.objects.exists()


def test_indonesian_numbers_and_dates_english_headers_and_excel_values(deal, buyer, run_tasks):
    header = [f"  {c.alias.upper()} " for c in importing.COLUMNS]
    text_rows = [
        row(
            tanggal_po="31/01/2024",
            jumlah="1.250",
            harga_satuan="12.500,50",
            jatuh_tempo="15-02-2024",
            tanggal_kirim="2024-02-14",
            jumlah_diterima="1.250",
            jumlah_ditolak="12,5",
            alasan_tolak="Karat",
        ),
        row(
            komponen="Plat 2 mm",
            tanggal_po="31-01-2024",
            jumlah="12,5",
            satuan="KG",
            harga_satuan="Rp 1.250.000",
            jatuh_tempo="29/02/2024",
        ),
        row(
            komponen="Baut M8",
            tanggal_po="2024-01-31",
            jumlah="12.5",
            satuan="",
            jatuh_tempo="2024-02-29",
        ),
        row(
            komponen="Mur M8",
            tanggal_po="31 Jan 2024",
            jumlah="1,250,000.50",
            harga_satuan="Rp 1.250,-",
            jatuh_tempo="1 Maret 2024",
        ),
    ]
    job = upload(buyer, run_tasks, deal, csv_file(text_rows, header=header, delimiter=","))
    assert job.result["error_count"] == 0, job.result["errors"]
    confirm(buyer, run_tasks, job)
    order = Order.objects.get(number="PO-2024-001")
    assert order.ordered_on == date(2024, 1, 31)
    bushing, plate, bolt = (
        order.lines.get(part=p) for p in ("Bushing baja BS-12", "Plat 2 mm", "Baut M8")
    )
    assert (bushing.quantity, bushing.unit_price, bushing.due_on) == (
        Decimal(1250),
        Decimal("12500.50"),
        date(2024, 2, 15),
    )
    delivery = bushing.deliveries.get()
    assert (delivery.quantity, delivery.rejected) == (Decimal(1250), Decimal("12.5"))
    assert (plate.quantity, plate.unit, plate.unit_price) == (Decimal("12.5"), "kg", 1250000)
    assert (bolt.quantity, bolt.unit) == (Decimal("12.5"), "pcs")
    nut = order.lines.get(part="Mur M8")
    assert (nut.quantity, nut.unit_price, nut.due_on) == (
        Decimal("1250000.50"),
        Decimal(1250),
        date(2024, 3, 1),
    )

    # An .xlsx with real dates and numbers, as an ERP writes it.
    excel_rows = [
        row(
            nomor_po=4500012345,
            tanggal_po=datetime(2024, 3, 1),
            jumlah=300,
            harga_satuan=7250.5,
            jatuh_tempo=date(2024, 3, 20),
            tanggal_kirim=datetime(2024, 3, 19, 14, 30),
            jumlah_diterima=300.0,
        )
    ]
    job = upload(buyer, run_tasks, deal, xlsx(excel_rows))
    assert job.result["error_count"] == 0, job.result["errors"]
    confirm(buyer, run_tasks, job)
    line = OrderLine.objects.get(order__number="4500012345")
    assert (line.order.ordered_on, line.quantity, line.unit_price) == (
        date(2024, 3, 1),
        300,
        Decimal("7250.50"),
    )
    assert line.deliveries.get().delivered_on == date(2024, 3, 19)


# ---- rows together and what is stored --------------------------------------------------------


def test_rows_of_one_line_must_agree_and_an_order_has_one_date(deal, buyer, run_tasks):
    rows = [
        row(tanggal_kirim="2024-02-08", jumlah_diterima="600"),
        row(jumlah="900", harga_satuan="13000", tanggal_kirim="2024-02-09", jumlah_diterima="300"),
        row(komponen="Bracket dudukan", tanggal_po="2024-01-11"),
    ]
    job = upload(buyer, run_tasks, deal, xlsx(rows))
    assert errors_of(job) == {(3, "jumlah"), (3, "harga_satuan"), (4, "tanggal_po")}
    assert "2" in job.result["errors"][0]["message"]  # points at the row it disagrees with
    assert not Order.objects.exists()


def test_rows_add_to_a_stored_order_and_reuse_its_lines(deal, chain, buyer, run_tasks):
    order = services.create_order(
        partnership=deal,
        number="PO-2024-001",
        ordered_on=date(2024, 1, 10),
        lines=[
            {
                "part": "Bushing baja BS-12",
                "quantity": Decimal(1000),
                "unit": "pcs",
                "unit_price": Decimal(12500),
                "due_on": date(2024, 2, 10),
            }
        ],
        rescore=False,
    )
    line = order.lines.get()
    services.add_delivery(line=line, delivered_on=date(2024, 2, 8), quantity=600, rescore=False)

    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    assert counts(job) == {
        "orders_new": 1,
        "orders_existing": 1,
        "lines_new": 2,
        "lines_existing": 1,
        "deliveries_new": 2,
        "deliveries_existing": 1,
    }
    confirm(buyer, run_tasks, job)
    assert order.lines.count() == 2  # the bracket was added to the stored order
    assert sorted(line.deliveries.values_list("quantity", flat=True)) == [400, 600]
    assert Order.objects.filter(partnership=deal).count() == 2

    # A stored line with another price, and a stored order with another date, are errors.
    rows = [row(harga_satuan="13000"), row(nomor_po="PO-2024-002", tanggal_po="2024-01-21")]
    job = upload(buyer, run_tasks, deal, xlsx(rows))
    assert errors_of(job) == {(2, "harga_satuan"), (3, "tanggal_po")}
    assert "12.500" in job.result["errors"][0]["message"]


def test_identical_deliveries_in_one_file_are_kept_and_recognised_on_reimport(
    deal, buyer, run_tasks
):
    twice = [row(tanggal_kirim="2024-02-08", jumlah_diterima="500")] * 2
    job = upload(buyer, run_tasks, deal, xlsx(twice))
    assert job.result["deliveries_new"] == 2
    confirm(buyer, run_tasks, job)
    assert Delivery.objects.count() == 2
    job = upload(buyer, run_tasks, deal, xlsx([*twice, twice[0]]))  # a third truck since
    assert (job.result["deliveries_existing"], job.result["deliveries_new"]) == (2, 1)


def test_a_lone_zero_rejected_is_not_a_delivery(deal, buyer, run_tasks):
    job = upload(buyer, run_tasks, deal, xlsx([row(jumlah_ditolak=0)]))
    assert job.result["error_count"] == 0
    assert (job.result["lines_new"], job.result["deliveries_new"]) == (1, 0)


# ---- all or nothing --------------------------------------------------------------------------


def test_nothing_is_written_when_the_agreement_was_terminated_after_the_check(
    deal, buyer, run_tasks
):
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    assert job.result["error_count"] == 0
    services.change_status(deal, Partnership.Status.TERMINATED, reason="Pemasok tutup")
    confirm(buyer, run_tasks, job)
    assert job.status == Job.Status.FAILED and job.result["stage"] == "rejected"
    assert job.result["file_error"]
    review = buyer.get(reverse("partnerships:orders-import-review", args=[job.pk])).content.decode()
    assert 'data-testid="import-file-error"' in review
    assert not Order.objects.exists()


def test_a_problem_found_while_writing_rolls_everything_back(deal, buyer, run_tasks, monkeypatch):
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    real = services.add_delivery
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError({"delivered_on": "Tanggal ini sudah ditutup."})
        return real(**kwargs)

    monkeypatch.setattr(services, "add_delivery", flaky)
    confirm(buyer, run_tasks, job)
    assert len(calls) == 3  # two orders, three lines and two deliveries were written, then…
    assert job.status == Job.Status.FAILED and job.result["stage"] == "rejected"
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(5, "tanggal_kirim")]
    assert (Order.objects.count(), OrderLine.objects.count(), Delivery.objects.count()) == (0, 0, 0)


def test_an_order_recorded_between_check_and_confirm_is_seen_again(deal, buyer, run_tasks):
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    services.create_order(
        partnership=deal,
        number="PO-2024-002",
        ordered_on=date(2024, 1, 2),
        lines=[
            {
                "part": "Lain",
                "quantity": 1,
                "unit": "pcs",
                "unit_price": 1,
                "due_on": date(2024, 1, 3),
            }
        ],
        rescore=False,
    )
    confirm(buyer, run_tasks, job)
    assert job.result["stage"] == "rejected" and errors_of(job) == {(5, "tanggal_po")}
    assert Order.objects.count() == 1


def test_a_draft_agreement_takes_no_orders(chain, buyer, run_tasks):
    form = buyer.get(reverse("partnerships:orders-import", args=[chain.deal.pk]))
    assert 'data-testid="import-not-orderable"' in form.content.decode()
    job = upload(buyer, run_tasks, chain.deal, xlsx(GOOD_ROWS))
    assert job.status == Job.Status.FAILED and job.result["file_error"]
    assert not Order.objects.exists()


# ---- files -----------------------------------------------------------------------------------


def test_a_file_without_the_required_columns_or_with_too_many_rows_is_refused(
    deal, buyer, run_tasks, monkeypatch
):
    job = upload(
        buyer, run_tasks, deal, csv_file([["PO-1", "Bushing"]], header=["nomor_po", "part"])
    )
    assert job.status == Job.Status.FAILED
    assert "tanggal_po" in job.result["file_error"] and "komponen" not in job.result["file_error"]
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    assert job.status == Job.Status.FAILED and "3" in job.result["file_error"]
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("pesanan.pdf", b"%PDF-1.4"), ("pesanan.xlsx", b"not a zip file")]
)
def test_wrong_file_types_are_refused_before_anything_runs(deal, buyer, name, content):
    response = buyer.post(
        reverse("partnerships:orders-import", args=[deal.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Job.objects.exists()


def test_the_template_explains_the_columns_and_imports_as_it_is(deal, buyer, run_tasks):
    response = buyer.get(reverse("partnerships:orders-import-template", args=[deal.pk]))
    assert response.status_code == 200
    content = response.content
    workbook = load_workbook(io.BytesIO(content))
    orders, guide = workbook.worksheets
    assert [c.value for c in orders[1]] == HEADER
    assert [r[0] for r in guide.iter_rows(min_row=2, values_only=True)] == HEADER
    job = upload(buyer, run_tasks, deal, SimpleUploadedFile("templat.xlsx", content))
    assert job.result["error_count"] == 0, job.result["errors"]
    assert (job.result["lines_new"], job.result["deliveries_new"]) == (1, 1)


def test_the_upload_page_has_the_form(deal, buyer):
    page = buyer.get(reverse("partnerships:orders-import", args=[deal.pk])).content.decode()
    assert 'data-testid="import-file"' in page and 'data-testid="import-submit"' in page
    assert reverse("partnerships:orders-import-template", args=[deal.pk]) in page


# ---- who may import --------------------------------------------------------------------------


def test_only_the_buyer_and_administrators_may_import(deal, chain, world, login, run_tasks):
    urls = [
        reverse("partnerships:orders-import", args=[deal.pk]),
        reverse("partnerships:orders-import-template", args=[deal.pk]),
    ]
    expected = {
        chain.buyer_user: 200,
        world.user("admin"): 200,
        world.user("firm_a"): 403,  # the supplier sees the orders but does not record them
        world.user("officer"): 403,
        world.user("firm_b"): 404,  # nobody else learns the agreement exists
        chain.other_buyer_user: 404,
    }
    for user, status in expected.items():
        client = login(user)
        assert [client.get(url).status_code for url in urls] == [status, status], user
    assert login(None).get(urls[0]).status_code == 302

    # A review belongs to whoever uploaded the file.
    job = upload(login(chain.buyer_user), run_tasks, deal, xlsx(GOOD_ROWS))
    review = reverse("partnerships:orders-import-review", args=[job.pk])
    assert login(chain.buyer_user).get(review).status_code == 200
    for user in (world.user("admin"), world.user("firm_a"), world.user("firm_b")):
        client = login(user)
        assert client.get(review).status_code == 404
        assert client.post(review).status_code == 404
    assert not Order.objects.exists()


def test_each_row_asks_the_rule_the_api_asks_and_a_refused_row_writes_nothing(
    deal, chain, world, tmp_path
):
    """The import asked nobody's permission once the page had let the upload through; now every
    row that writes asks partnerships.add_order / add_orderline / add_delivery for the user, as
    the order form and /api/v1/orders/ do."""
    path = tmp_path / "pesanan.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS).read())
    assert importing.ORDERS.validate(path, user=chain.buyer_user, target=deal).errors == []
    supplier = world.user("firm_a")  # reads the orders, does not record them
    refused = importing.ORDERS.validate(path, user=supplier, target=deal)
    assert {(e.row, e.column) for e in refused.errors} == {
        (2, "nomor_po"),
        (3, "nomor_po"),
        (4, "nomor_po"),
        (5, "nomor_po"),
    }
    with pytest.raises(ImportRejected) as rejected:
        importing.ORDERS.apply(path, user=supplier, target=deal)
    assert len(rejected.value.outcome.errors) == 4
    assert (Order.objects.count(), OrderLine.objects.count(), Delivery.objects.count()) == (0, 0, 0)


def test_a_buyer_who_left_before_the_worker_ran_imports_nothing(
    deal, chain, buyer, run_tasks, django_capture_on_commit_callbacks
):
    job = upload(buyer, run_tasks, deal, xlsx(GOOD_ROWS))
    assert job.result["error_count"] == 0
    with django_capture_on_commit_callbacks() as pending:  # confirmed; the worker not run yet
        buyer.post(reverse("partnerships:orders-import-review", args=[job.pk]))
    chain.buyer_user.memberships.update(is_active=False)
    for callback in pending:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.result["stage"] == "rejected"
    assert errors_of(job) == {(2, "nomor_po"), (3, "nomor_po"), (4, "nomor_po"), (5, "nomor_po")}
    assert not Order.objects.exists()
