import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rantai.core import charts as core_charts
from rantai.core.models import Job
from rantai.firms.models import Firm
from rantai.five_r import charts, reports, services
from tests.core.test_spreadsheets import AT_SUM, FORMULA, assert_kept_as_text
from tests.factories import fill
from tests.five_r.conftest import jpeg

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


@pytest.fixture
def submitted(world, five_r, audit_of_a):
    mentor = world.user("mentor")
    fill(audit_of_a, five_r.items, mentor, score=3, low_codes=("RK1",))
    services.add_photo(
        upload=jpeg(), user=mentor, audit=audit_of_a, item=five_r.items[0], kind="before"
    )
    return services.submit(audit=audit_of_a, user=mentor)


def test_the_audit_report_is_an_official_pdf_with_scores_photos_and_actions(submitted):
    text = pdf_text(reports.audit_pdf(submitted))
    assert "Laporan audit 5R" in text
    assert "PT Sinergi Mandiri Teknikatama" in text
    assert "Ringkas (Seiri)" in text and "Tindakan perbaikan" in text
    assert "Halaman 2 / " in text  # page numbers
    assert "Skrap menumpuk" in text


def test_the_program_report_in_english(world, five_r, submitted, login, run_tasks):
    client = login(world.user("officer"))
    with run_tasks():
        response = client.post(
            reverse("five_r:report", args=["program", five_r.program.pk]), {"language": "en"}
        )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.status == "succeeded"
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    text = pdf_text(content)
    assert "5R program report" in text and "Pendampingan 5R Tegal" in text
    assert "Results per participant" in text and "PT Sinergi Mandiri Teknikatama" in text
    assert "CV Baja Slawi" in text  # the officer sees every participant


def test_the_program_results_workbook(world, five_r, submitted, login, run_tasks):
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("five_r:report", args=["program-xlsx", five_r.program.pk]))
    job = Job.objects.get()
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    header = rows[3]
    firm_row = next(r for r in rows if r[0] == "PT Sinergi Mandiri Teknikatama")
    assert header[:5] == ("Firma", "NIB", "Awal (%)", "Akhir (%)", "Perubahan (poin)")
    assert firm_row[2] == float(submitted.overall_score) and firm_row[3] is None


def test_a_firm_cannot_build_another_firms_audit_report(world, five_r, submitted, login):
    response = login(world.user("firm_b")).post(
        reverse("five_r:report", args=["audit", submitted.pk])
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_program_results_workbook_keeps_formula_like_names_as_text(
    world, five_r, submitted, login, run_tasks
):

    Firm.objects.filter(pk=world.firm_a.pk).update(name=FORMULA)
    type(five_r.program).objects.filter(pk=five_r.program.pk).update(name=AT_SUM)
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("five_r:report", args=["program-xlsx", five_r.program.pk]))
    content = b"".join(
        client.get(reverse("job-download", args=[Job.objects.get().pk])).streaming_content
    )
    assert_kept_as_text(content, FORMULA, AT_SUM)


def test_chart_labels_are_escaped_and_the_svg_carries_no_script():
    names = ["</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
    for svg in (
        charts.bars(names, [("<b>Awal</b>", [40, 60])]),
        charts.radar(names, [("<b>Awal</b>", [40, 60]), ("Akhir", [50, 70])]),
        core_charts.trend(names, [40, 60]),
    ):
        assert svg.startswith("<svg") and "<script" not in svg.lower()
        assert "<img" not in svg and "<b>" not in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
