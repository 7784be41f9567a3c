"""An officer reads the funnel for a year and opens the firms behind a step."""

import subprocess

from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.insights.conftest import make_story


def test_officer_filters_the_funnel_and_clicks_through(as_user, live_server, world, page, shot):
    make_story(world)
    as_user(world.user("officer"))  # remit: Kabupaten Tegal
    page.goto(f"{live_server.url}/insights/")
    page.locator("#id_year").fill("2022")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("count-registered")).to_have_text("2")
    expect(page.get_by_test_id("count-signed")).to_have_text("1")
    expect(page.get_by_test_id("conversion-improved")).to_contain_text("50")
    shot("insights-funnel")
    page.get_by_test_id("count-signed").click()
    expect(page.get_by_test_id("step-count")).to_have_text("1")
    expect(page.get_by_test_id("step-firms")).to_contain_text(world.firm_a.name)


def test_officer_reads_the_tegal_demo_for_2022(as_user, live_server, page, shot, tmp_path):
    """The demo's story: six partnerships signed at LIK Takaru on 3 October 2022; the report's
    PDF and XLSX give the dashboard's figures."""

    call_command("load_demo", quiet_logins=True, verbosity=0)
    as_user(get_user_model().objects.get(username="petugas.tegal"))
    page.goto(f"{live_server.url}/insights/")
    page.locator("#id_year").fill("2022")
    page.get_by_test_id("apply").click()
    expect(page.locator("h1")).to_contain_text("Kabupaten Tegal · 2022")
    expect(page.get_by_test_id("count-signed")).to_have_text("6")
    expect(page.get_by_test_id("figure-partnerships-count")).to_have_text("6")
    expect(page.get_by_test_id("figure-partnerships-value")).to_have_text("Rp 4.870.000.000")
    shot("insights-demo-2022")
    page.get_by_test_id("count-signed").click()
    expect(page.get_by_test_id("step-count")).to_have_text("6")
    expect(page.get_by_test_id("step-firms")).to_contain_text("PT Sinergi Mandiri Teknikatama")
    page.go_back()
    counts = {
        key: page.get_by_test_id(f"count-{key}").inner_text()
        for key in ("registered", "mentored", "improved", "at_event", "met", "signed", "performing")
    }
    assert list(counts.values()) == ["66", "6", "6", "22", "19", "6", "5"]
    page.get_by_test_id("report-button").click()
    with page.expect_download() as pdf:
        page.get_by_test_id("job-download").click()
    text = subprocess.run(
        ["pdftotext", "-layout", pdf.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Kabupaten Tegal" in text and "2022" in text
    funnel_lines = [line.split() for line in text.splitlines() if "IKM terdaftar" in line]
    assert any("66" in words for words in funnel_lines)
    assert "Kemitraan ditandatangani" in text and "4.870.000.000" in text
    page.goto(f"{live_server.url}/insights/?year=2022")
    page.locator("#report-format").select_option("xlsx")
    page.get_by_test_id("report-button").click()
    with page.expect_download() as xlsx:
        page.get_by_test_id("job-download").click()
    xlsx.value.save_as(tmp_path / "laporan.xlsx")
    book = load_workbook(tmp_path / "laporan.xlsx")
    funnel_sheet = book.worksheets[1]
    assert [str(row[1]) for row in funnel_sheet.iter_rows(min_row=2, values_only=True)] == list(
        counts.values()
    )
    figures = {row[0]: row[1] for row in book.worksheets[2].iter_rows(values_only=True)}
    assert figures["Kemitraan ditandatangani"] == 6
    assert figures["Nilai perkiraan (Rp)"] == 4_870_000_000
    page.goto(f"{live_server.url}/insights/?year=2022")
    page.get_by_test_id("to-map").click()
    expect(page.get_by_test_id("map-legend")).to_contain_text("Aktif dan berkinerja baik (5)")
    expect(page.get_by_test_id("chain-graph")).to_contain_text("PT Astra International")
    shot("insights-demo-map")
