import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from rantai.core.models import Job
from rantai.firms.columns import COLUMNS
from rantai.firms.models import Firm
from tests.core.test_spreadsheets import AT_SUM, FORMULA, assert_kept_as_text
from tests.factories import DAMPYAK

pytestmark = pytest.mark.django_db
HEADER = [c.key for c in COLUMNS]


def row(n: int, **values):
    base = {
        "nib": f"91203000000{n:02d}",
        "nama": f"CV Logam Impor {n}",
        "jenis": "ikm",
        "kbli": "25920",
        "proses": "turning, mig-welding",
        "kode_wilayah": DAMPYAK,
        "lintang": "-6,8690",
        "bujur": "109,1670",
        "tenaga_kerja": "9",
        "investasi": "450.000.000",
        "tahun_berdiri": "2011",
    }
    base.update(values)
    return [base.get(key, "") for key in HEADER]


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(HEADER)
    for r in rows:
        workbook.active.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("firma.xlsx", buffer.getvalue())


def csv_file(rows, delimiter=";") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("firma.csv", text.getvalue().encode("utf-8-sig"))


def upload(client, run_tasks, file):
    with run_tasks():
        response = client.post(reverse("firms:import"), {"file": file})
    job = Job.objects.latest("pk")
    return response, job


def test_a_file_with_a_bad_row_shows_every_error_and_writes_nothing(world, login, run_tasks):
    client = login(world.user("officer"))
    rows = [row(1), row(2, nib="123", kode_wilayah="33.28.15", tenaga_kerja="banyak"), row(3)]
    _response, job = upload(client, run_tasks, xlsx(rows))
    review = client.get(reverse("firms:import-review", args=[job.pk]))
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {(3, "nib"), (3, "kode_wilayah"), (3, "tenaga_kerja")}
    assert "Tidak ada data yang ditulis." in review.content.decode()
    assert not Firm.objects.filter(name__startswith="CV Logam Impor").exists()
    # Confirming a file with errors is refused.
    with run_tasks():
        client.post(reverse("firms:import-confirm", args=[job.pk]))
    assert not Firm.objects.filter(name__startswith="CV Logam Impor").exists()


def test_a_good_file_imports_every_row_and_again_updates_without_duplicates(
    world, login, run_tasks
):
    client = login(world.user("officer"))
    rows = [row(n) for n in range(1, 6)]
    _response, job = upload(client, run_tasks, xlsx(rows))
    assert job.result["stage"] == "validated" and job.result["new"] == 5
    with run_tasks():
        response = client.post(reverse("firms:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["stage"] == "imported"
    assert response.status_code == 302
    firm = Firm.objects.get(nib="9120300000003")
    assert firm.investment == 450_000_000 and float(firm.latitude) == -6.869
    assert firm.regency_id == "33.28" and firm.history.first().history_user == world.user("officer")
    assert sorted(firm.capabilities.values_list("process_id", flat=True)) == [
        "mig-welding",
        "turning",
    ]

    rows[2] = row(3, tenaga_kerja="30")
    _response, job = upload(client, run_tasks, csv_file(rows))
    assert (job.result["new"], job.result["updated"]) == (0, 5)
    with run_tasks():
        client.post(reverse("firms:import-confirm", args=[job.pk]))
    assert Firm.objects.filter(name__startswith="CV Logam Impor").count() == 5
    assert Firm.objects.get(nib="9120300000003").workforce == 30


def test_the_same_nib_twice_in_one_file_is_an_error(world, login, run_tasks):
    _response, job = upload(login(world.user("officer")), run_tasks, xlsx([row(1), row(1)]))
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "nib")]


def test_a_file_without_the_required_columns_is_refused(world, login, run_tasks):
    file = SimpleUploadedFile("x.csv", b"nama;alamat\nCV A;Jl. B\n")
    _response, job = upload(login(world.user("officer")), run_tasks, file)
    assert job.status == Job.Status.FAILED and "nib" in job.result["file_error"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("firma.pdf", b"%PDF-1.4", "xlsx"), ("firma.xlsx", b"not a zip file", "xlsx")],
)
def test_wrong_file_types_are_refused_before_anything_runs(
    world, login, run_tasks, name, content, message
):
    client = login(world.user("officer"))
    response = client.post(reverse("firms:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Job.objects.exists()


def test_export_follows_the_filters_and_hides_private_columns(world, login, run_tasks):
    client = login(world.user("firm_a"))
    with run_tasks():
        response = client.post(reverse("firms:export"), {"format": "xlsx", "query": "kind=ikm"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED
    download = client.get(reverse("job-download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    by_name = {r[1]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}
    assert set(by_name) == {"PT Sinergi Mandiri Teknikatama", "CV Baja Slawi"}
    assert by_name["PT Sinergi Mandiri Teknikatama"]["npwp"] == "012345678901234"  # own firm
    assert by_name["CV Baja Slawi"]["npwp"] is None  # someone else's
    assert by_name["CV Baja Slawi"]["investasi"] is None
    # Nobody else can download it.
    assert (
        login(world.user("firm_b")).get(reverse("job-download", args=[job.pk])).status_code == 404
    )


def test_an_exported_file_imports_back_unchanged(world, login, run_tasks):
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("firms:export"), {"format": "csv", "query": "q=Sinergi"})
    job = Job.objects.get()
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    _response, review = upload(client, run_tasks, SimpleUploadedFile("kembali.csv", content))
    assert review.result["error_count"] == 0 and review.result["updated"] == 1


# Defect 2: every imported row passes the rule the same change through the form would.
def test_an_import_may_not_touch_a_firm_outside_the_importers_remit(world, login, run_tasks):
    before = Firm.objects.get(pk=world.firm_a.pk)
    client = login(world.user("far_officer"))  # Semarang's officer; firm A is in Tegal
    rows = [
        row(1, nib=world.firm_a.nib, nama="CV Diambil Alih", npwp="998877665544332"),
        row(2),  # a new firm in Tegal (Dampyak)
    ]
    _response, job = upload(client, run_tasks, csv_file(rows))
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {(2, "nib"), (3, "kode_wilayah")}
    with run_tasks():
        client.post(reverse("firms:import-confirm", args=[job.pk]))
    after = Firm.objects.get(pk=world.firm_a.pk)
    assert (after.name, after.npwp, after.updated_at) == (
        before.name,
        before.npwp,
        before.updated_at,
    )
    assert not Firm.objects.filter(nib=row(2)[0]).exists()


def test_an_import_may_not_move_a_firm_out_of_the_remit(world, login, run_tasks):
    client = login(world.user("officer"))  # Tegal's officer moving firm A to Semarang
    rows = [row(1, nib=world.firm_a.nib, nama=world.firm_a.name, kode_wilayah="33.74.05.1001")]
    _response, job = upload(client, run_tasks, csv_file(rows))
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(2, "kode_wilayah")]
    assert Firm.objects.get(pk=world.firm_a.pk).regency_id == "33.28"


def test_only_an_administrator_may_restore_a_deleted_firm_by_import(world, login, run_tasks):
    world.firm_b.soft_delete()
    rows = [row(1, nib=world.firm_b.nib, nama="CV Baja Slawi Baru", kode_wilayah=DAMPYAK)]
    _response, job = upload(login(world.user("officer")), run_tasks, csv_file(rows))
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(2, "nib")]
    assert Firm.objects.get(pk=world.firm_b.pk).is_deleted

    _response, job = upload(login(world.user("admin")), run_tasks, csv_file(rows))
    assert job.result["error_count"] == 0
    with run_tasks():
        login(world.user("admin")).post(reverse("firms:import-confirm", args=[job.pk]))
    assert not Firm.objects.get(pk=world.firm_b.pk).is_deleted


# Defect 4: one definition of private data serves the page, the API and the export.
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_holds_no_contact_the_user_may_not_see(world, login, run_tasks, fmt):
    Firm.objects.filter(pk=world.firm_b.pk).update(phone="0283-491234", email="baja@slawi.id")
    client = login(world.user("firm_a"))
    with run_tasks():
        client.post(reverse("firms:export"), {"format": fmt, "query": "q=Baja"})
    job = Job.objects.get()
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    if fmt == "xlsx":
        values = [
            c
            for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
            for c in r
        ]
        text = " ".join(str(v) for v in values)
    else:
        text = content.decode("utf-8-sig")
    assert "CV Baja Slawi" in text
    assert "0283-491234" not in text and "baja@slawi.id" not in text


def test_names_that_look_like_formulas_stay_text_in_both_formats(world, login, run_tasks):
    Firm.objects.filter(pk=world.firm_a.pk).update(name=FORMULA, phone="+62 283 350000")
    Firm.objects.filter(pk=world.firm_b.pk).update(name=AT_SUM)
    client = login(world.user("officer"))

    def export(file_format: str) -> bytes:
        with run_tasks():
            client.post(reverse("firms:export"), {"format": file_format, "query": "kind=ikm"})
        job = Job.objects.latest("pk")
        return b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)

    assert_kept_as_text(export("xlsx"), FORMULA, AT_SUM, "+62 283 350000")
    content = export("csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    by_name = {r["nama"]: r for r in rows}
    assert set(by_name) == {"'" + FORMULA, "'" + AT_SUM}
    assert by_name["'" + FORMULA]["telepon"] == "'+62 283 350000"
    assert by_name["'" + FORMULA]["lintang"].startswith("-")  # a number, not escaped
    # The apostrophes come off again on import: the names go back unchanged.
    _response, review = upload(client, run_tasks, SimpleUploadedFile("kembali.csv", content))
    assert review.result["error_count"] == 0 and review.result["updated"] == 2
    assert {r["nama"] for r in review.result["preview"]} == {FORMULA, AT_SUM}


def test_figures_may_be_written_the_indonesian_or_the_english_way(world, login, run_tasks):
    """The firm import reads numbers as the orders import does (core.importing.parsers): the
    Indonesian decimal comma after grouped thousands, Rp and ",-", English grouping."""
    client = login(world.user("officer"))
    rows = [
        row(1, investasi="1.250.000.000,00", omzet_tahunan="Rp 2.500.000.000,-"),
        row(2, investasi="1,250,000,000.00", tenaga_kerja="1.250", lintang="-6.869"),
    ]
    _response, job = upload(client, run_tasks, csv_file(rows))
    assert job.result["error_count"] == 0, job.result["errors"]
    with run_tasks():
        client.post(reverse("firms:import-confirm", args=[job.pk]))
    first, second = (Firm.objects.get(nib=r[0]) for r in rows)
    assert (first.investment, first.annual_sales) == (1_250_000_000, 2_500_000_000)
    assert (second.investment, second.workforce, float(second.latitude)) == (
        1_250_000_000,
        1250,
        -6.869,
    )

    # Half a rupiah has no place in a whole-rupiah figure.
    _response, job = upload(client, run_tasks, csv_file([row(3, investasi="1.250,5")]))
    assert job.result["errors"] == [
        {"row": 2, "column": "investasi", "message": "Masukkan keseluruhan angka bilangan."}
    ]
