"""5R in the field, on a phone: capture with a photo, resume, submit; the firm closes an action;
the officer takes the reports; another firm is kept out."""

import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from rantai.five_r import services
from rantai.five_r.models import Audit, CorrectiveAction
from tests.factories import fill
from tests.five_r.conftest import jpeg, make_program

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def _photo_file(tmp_path):
    path = tmp_path / "rak.jpg"
    path.write_bytes(jpeg(1600, 1200).read())
    return path


def _score_section(page, score: str):
    for card in page.locator("article.item-card").all():
        card.locator(f"label[for$='-s{score}']").click()
        expect(card.locator("[id^='saved-']")).to_contain_text("tersimpan")


def test_a_mentor_captures_an_audit_on_a_phone(as_user, live_server, world, phone, tmp_path, shot):
    five_r = make_program(world)
    page = as_user(world.user("mentor"))
    page.goto(f"{live_server.url}/5r/")
    page.get_by_test_id("audit-start").click()
    page.get_by_label("Program").select_option(str(five_r.program.pk))
    page.locator("#id_firm").select_option(str(world.firm_a.pk), force=True)
    page.get_by_label("Area").fill("Lantai produksi (CNC)")
    page.get_by_label("Tahap").select_option("baseline")
    page.get_by_test_id("save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ringkas (Seiri)")
    first = page.locator("article.item-card").first
    first.locator("label[for$='-s1']").click()
    expect(first.locator("[id^='saved-']")).to_contain_text("tersimpan")
    expect(page.get_by_test_id("count-ringkas")).to_have_text("1/6")  # no reload needed
    with page.expect_response(lambda r: "/answer/" in r.url):  # autosaved as typed
        first.locator("textarea").fill("Sisa bar stock menumpuk di samping mesin bubut")
    first.get_by_test_id("photo-input-RK1").set_input_files(_photo_file(tmp_path))
    expect(first.locator(".photo-thumb img")).to_have_count(1)
    expect(first.locator("[id^='saved-']")).to_contain_text("tersimpan")
    shot("phone-capture")

    # Leave, then come back to the draft.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/5r/")
    page.get_by_test_id("drafts").get_by_role("link").first.click()
    first = page.locator("article.item-card").first
    expect(first.locator("input[value='1']")).to_be_checked()
    expect(first.locator("textarea")).to_have_value(
        "Sisa bar stock menumpuk di samping mesin bubut"
    )
    expect(first.locator(".photo-thumb img")).to_have_count(1)

    for card in page.locator("article.item-card").all()[1:]:
        card.locator("label[for$='-s3']").click()
        expect(card.locator("[id^='saved-']")).to_contain_text("tersimpan")
    for _ in range(4):
        page.get_by_test_id("next-section").click()
        _score_section(page, "3")
    page.get_by_test_id("review").click()
    expect(page.get_by_test_id("overall")).to_contain_text("%")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submitted")).to_be_visible()
    audit = Audit.objects.get()
    assert audit.status == "submitted" and audit.photos.count() == 1
    assert audit.actions.get().item.code == "RK1"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_firm_sees_its_score_and_closes_an_action_with_a_photo(
    as_user, live_server, world, phone, tmp_path
):
    five_r = make_program(world)
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )
    fill(audit, five_r.items, world.user("mentor"), score=3, low_codes=("RK1",))
    services.submit(audit=audit, user=world.user("mentor"))
    page = as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/5r/audits/{audit.pk}/")
    expect(page.get_by_test_id("overall-score")).to_have_text(
        f"{str(Audit.objects.get().overall_score).replace('.', ',')} %"
    )
    page.locator("#actions").get_by_role("link").first.click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Foto hasil").set_input_files(_photo_file(tmp_path))
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("action-status")).to_have_text("selesai")
    expect(page.get_by_test_id("closing-photo")).to_have_count(1)
    assert CorrectiveAction.objects.get().status == "done"


def test_the_officer_downloads_the_program_reports(as_user, live_server, world, tmp_path):
    five_r = make_program(world)
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )
    fill(audit, five_r.items, world.user("mentor"), score=2)
    services.submit(audit=audit, user=world.user("mentor"))
    page = as_user(world.user("officer"))
    page.goto(f"{live_server.url}/5r/programs/{five_r.program.pk}/")
    page.get_by_test_id("report-program").click()
    with page.expect_download() as pdf:
        page.get_by_test_id("job-download").click()
    text = subprocess.run(
        ["pdftotext", "-layout", pdf.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Laporan program 5R" in text and "Pendampingan 5R Tegal" in text
    assert "PT Sinergi Mandiri Teknikatama" in text
    page.goto(f"{live_server.url}/5r/programs/{five_r.program.pk}/")
    page.get_by_test_id("report-program-xlsx").click()
    with page.expect_download() as xlsx:
        page.get_by_test_id("job-download").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    xlsx.value.save_as(tmp_path / "hasil.xlsx")
    rows = list(load_workbook(tmp_path / "hasil.xlsx").active.iter_rows(values_only=True))
    assert any(row[0] == "PT Sinergi Mandiri Teknikatama" and row[2] == 50.0 for row in rows)


def test_another_firms_member_is_denied(as_user, live_server, world):
    five_r = make_program(world)
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )
    page = as_user(world.user("firm_b"))
    response = page.goto(f"{live_server.url}/5r/audits/{audit.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/5r/audits/{audit.pk}/capture/ringkas/")
    assert response.status == 404


def test_the_radar_labels_are_readable_on_a_phone(as_user, live_server, world, phone, shot):
    five_r = make_program(world)
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )
    fill(audit, five_r.items, world.user("mentor"), score=3)
    services.submit(audit=audit, user=world.user("mentor"))
    page = as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/5r/audits/{audit.pk}/")
    shot("phone-radar")
    # The rendered size of each axis label: its font size times the SVG's scale on screen.
    sizes = page.locator(".chart svg .axis.x text").evaluate_all(
        "texts => texts.map(t => { const m = t.getScreenCTM(); "
        "return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"
    )
    assert len(sizes) == 5
    assert min(sizes) >= 11, sizes


def test_a_mentor_measures_the_outcomes_of_a_visit_on_a_phone(
    as_user, live_server, world, phone, shot
):
    five_r = make_program(world)
    baseline = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai produksi",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )
    page = as_user(world.user("mentor"))
    page.goto(f"{live_server.url}/5r/audits/{baseline.pk}/")
    page.get_by_test_id("record-outcomes").click()
    search = page.get_by_test_id("indicator-cari-alat")
    for box, seconds in zip(search.locator("input").all(), (95, 120, 60), strict=False):
        box.fill(str(seconds))
    page.get_by_label("Waktu setup / ganti produk").fill("-20")
    page.get_by_test_id("save").click()

    expect(page.get_by_test_id("form-errors")).to_contain_text("Belum ada yang disimpan")
    expect(search).to_contain_text("Isi semua 5 pengukuran, atau kosongkan semuanya.")
    expect(page.get_by_test_id("indicator-waktu-setup")).to_contain_text("tidak boleh negatif")
    assert not baseline.measurements.exists()
    shot("phone-outcomes-refused")

    for box, seconds in zip(search.locator("input").all(), (95, 120, 60, 80, 145), strict=True):
        box.fill(str(seconds))
    page.get_by_label("Waktu setup / ganti produk").fill("75")
    page.get_by_test_id("save").click()
    outcomes = page.get_by_test_id("outcomes")
    expect(outcomes).to_contain_text("Waktu mencari alat tertentu")
    expect(outcomes).to_contain_text("100 detik")  # the mean of five
    expect(outcomes).to_contain_text("75 menit")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot("phone-outcomes-saved")
