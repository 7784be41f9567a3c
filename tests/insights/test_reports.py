import io
import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from rantai.core.models import Job
from rantai.firms.models import Firm
from rantai.inbox.models import Notification
from rantai.insights import figures, funnel, monthly, reports
from rantai.insights.funnel import Filters
from rantai.insights.models import MonthlyReport
from tests.core.test_spreadsheets import AT_SUM, FORMULA, assert_kept_as_text
from tests.five_r.test_reports import pdf_text

pytestmark = pytest.mark.django_db

TEGAL_2022 = Filters(region="33.28", year=2022)
# Firms A and B are mentored and at the 2021 temu bisnis; A improved, met the buyer and signed.
FUNNEL = {
    "registered": 2,
    "mentored": 2,
    "improved": 1,
    "at_event": 2,
    "met": 1,
    "signed": 1,
    "performing": 1,
}


def workbook(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_pdf_shows_the_funnel_tables_and_annex(story):
    assert {s.key: s.count for s in funnel.steps(TEGAL_2022)} == FUNNEL
    text = pdf_text(reports.build_pdf(TEGAL_2022, language="en"))
    with translation.override("en"):
        labels = {key: str(label) for key, label in funnel.STEPS}
    for key, count in FUNNEL.items():
        assert re.search(rf"{re.escape(labels[key])}\s+{count}\b", text), key
    assert "Kabupaten Tegal · 2022" in text and "MINISTRY OF INDUSTRY" in text
    assert "In Kabupaten Tegal, 2 IKM are in the registry for 2022." in text
    # The 5R program: two participants with both audits, +40 and −5 points.
    assert re.search(r"Pendampingan .*\s2\s+2\s+17\.5", text)
    # The temu bisnis: both firms approved, one meeting held, no agreement recorded from it.
    assert re.search(r"Temu Bisnis Tegal\s+23/11/2021\s+2\s+1\s+0", text)  # day first
    annex = text[text.index("Annex") :]
    assert "PT Sinergi Mandiri Teknikatama" in annex and "CV Baja Slawi" in annex
    assert "CV Semarang Logam" not in text


def test_the_pdf_annex_is_capped_and_points_to_the_workbook(story):
    text = pdf_text(reports.build_pdf(TEGAL_2022, language="en", annex_limit=1))
    assert "… and 1 more firm; the full list is in the XLSX report." in text
    assert "PT Sinergi Mandiri Teknikatama" not in text  # after CV Baja Slawi by name


def test_the_report_in_indonesian_uses_the_catalogue(story):
    text = pdf_text(reports.build_pdf(TEGAL_2022, language="id"))
    assert "IKM terdaftar" in text and "Halaman 2 / " in text


def test_the_workbook_holds_the_dashboards_figures(story, world, login):
    response = login(world.user("officer")).get(reverse("insights:dashboard"), {"year": 2022})
    steps, key = response.context["steps"], response.context["figures"]
    sheets = workbook(reports.build_xlsx(TEGAL_2022, language="en"))
    assert list(sheets) == [
        "Summary",
        "Funnel",
        "Key figures",
        "Programs",
        "Events",
        "Estates",
        "Firms",
    ]
    assert [row[1] for row in sheets["Funnel"][1:]] == [s.count for s in steps]
    assert sheets["Funnel"][1][0] == "Registered IKM"
    values = {row[0]: (*row, None)[1] for row in sheets["Key figures"] if row}
    assert values["Partnerships signed"] == key.partnerships.count == 1
    assert values["Average 5R improvement (points)"] == round(key.improvement.average, 1)
    assert values["Participants with a baseline and a final audit"] == key.improvement.firms
    program = sheets["Programs"][1]
    assert program[3:] == (2, 2, 17.5)
    firms = {row[0]: row for row in sheets["Firms"][1:]}
    assert set(firms) == {"PT Sinergi Mandiri Teknikatama", "CV Baja Slawi"}
    # Reached: mentored, improved, at event, met, signed, performing.
    assert firms["PT Sinergi Mandiri Teknikatama"][5:] == (1, 1, 1, 1, 1, 1)
    assert firms["CV Baja Slawi"][5:] == (1, 0, 1, 0, 0, 0)


def test_program_and_estate_tables_add_up_to_the_key_figures(story):
    k = figures.key_figures(TEGAL_2022)
    report = reports.report_data(TEGAL_2022)
    assert sum(p["with_both"] for p in report.programs) == k.improvement.firms
    assert sum(e["unit_count"] for e in report.estates) == k.estates.units
    assert sum(e["occupied"] for e in report.estates) == k.estates.occupied


def test_an_officer_gets_the_report_through_a_job(story, world, login, run_tasks):
    client = login(world.user("officer"))
    with run_tasks():
        response = client.post(
            reverse("insights:report") + "?year=2022", {"format": "xlsx", "language": "en"}
        )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.status == "succeeded"
    assert job.params["filters"]["region"] == "33.28" and job.params["language"] == "en"
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    funnel_rows = workbook(content)["Funnel"]
    assert funnel_rows[0][0] == "Step" and funnel_rows[1][1] == FUNNEL["registered"]


def test_the_pdf_job_in_english(story, world, login, run_tasks):
    client = login(world.user("admin"))
    with run_tasks():
        client.post(
            reverse("insights:report") + "?region=33.28&year=2022",
            {"format": "pdf", "language": "en"},
        )
    job = Job.objects.get()
    content = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content)
    text = pdf_text(content)
    assert "IKM development program" in text and "Key figures" in text
    assert "Page 2 / " in text


def test_a_firm_owner_may_not_make_a_report(story, world, login):
    response = login(world.user("firm_a")).post(
        reverse("insights:report"), {"format": "pdf", "language": "id"}
    )
    assert response.status_code == 403 and not Job.objects.exists()


def test_an_officer_outside_the_remit_gets_their_own_region(story, world, login, run_tasks):
    client = login(world.user("far_officer"))
    with run_tasks():
        client.post(
            reverse("insights:report") + "?region=33.28&year=2022",
            {"format": "xlsx", "language": "en"},
        )
    job = Job.objects.get()
    assert job.params["filters"]["region"] == "33.74"
    firms = workbook(b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content))
    assert firms["Funnel"][1][1] == 1  # CV Semarang Logam only


def test_a_bad_format_is_refused(world, login):
    response = login(world.user("officer")).post(
        reverse("insights:report"), {"format": "docx", "language": "id"}
    )
    assert response.status_code == 404 and not Job.objects.exists()


def test_the_dashboard_offers_the_report_with_its_filters(world, login):
    response = login(world.user("officer")).get(reverse("insights:dashboard"), {"year": 2022})
    assert 'action="/insights/report/?year=2022"' in response.content.decode()


def test_the_monthly_report_goes_once_per_region_and_month(story, world):
    world.user("far_officer").language = "en"
    world.user("far_officer").save()
    sent = monthly.send_due(today=date(2022, 11, 3))
    assert sorted(r.region_id for r in sent) == ["33.28", "33.74"]
    assert len(mail.outbox) == 2
    tegal = next(m for m in mail.outbox if m.to == ["officer@example.id"])
    semarang = next(m for m in mail.outbox if m.to == ["far_officer@example.id"])
    assert semarang.subject == "Program report for Kota Semarang, October 2022"
    assert "Registered IKM: 1" in semarang.body
    told = Notification.objects.get(recipient=world.user("far_officer"), kind="monthly_report")
    assert told.subject == semarang.subject  # in his language, English
    assert told.url == "/insights/?region=33.74&year=2022"
    name, content, mimetype = tegal.attachments[0]
    assert (name, mimetype) == ("laporan-ikm-3328-2022-10.pdf", "application/pdf")
    assert re.search(r"IKM terdaftar\s+2\b", pdf_text(content))
    assert len(content) < 500_000

    assert monthly.send_due(today=date(2022, 11, 4)) == []
    call_command("send_monthly_reports")  # today's month, November 2026 or whenever: once more
    assert MonthlyReport.objects.filter(month=date(2022, 10, 1)).count() == 2
    assert len(mail.outbox) == 4
    call_command("send_monthly_reports")
    assert len(mail.outbox) == 4


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (date(2024, 1, 31), date(2023, 12, 1)),
        (date(2024, 3, 1), date(2024, 2, 1)),
        (date(2024, 2, 29), date(2024, 1, 1)),
        (date(2024, 12, 31), date(2024, 11, 1)),
    ],
)
def test_the_monthly_report_is_for_the_month_before(today, month):
    assert monthly.month_reported(today) == month


def test_the_monthly_dry_run_sends_nothing(story, world, capsys):
    call_command("send_monthly_reports", "--dry-run")
    out = capsys.readouterr().out
    assert "33.28" in out and "officer@example.id" in out and "33.74" in out
    assert mail.outbox == [] and not MonthlyReport.objects.exists()


def test_the_workbook_keeps_formula_like_names_as_text(story, world):
    Firm.objects.filter(pk=world.firm_a.pk).update(name=FORMULA)
    Firm.objects.filter(pk=world.firm_b.pk).update(name=AT_SUM)
    assert_kept_as_text(reports.build_xlsx(TEGAL_2022, language="en"), FORMULA, AT_SUM)
