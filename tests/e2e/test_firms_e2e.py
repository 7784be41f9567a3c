import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect

from rantai.firms.columns import COLUMNS
from rantai.firms.models import Firm
from tests.conftest import PASSWORD
from tests.factories import DAMPYAK


def test_login(live_server, page, world):
    page.goto(f"{live_server.url}/")  # a visitor meets the landing page
    page.get_by_test_id("sign-in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Nama pengguna").fill("officer")
    page.get_by_label("Sandi").fill("salah")
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_test_id("login").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_create_and_edit_a_firm_with_a_validation_error_in_indonesian(
    as_user, live_server, world, shot
):
    page = as_user(world.user("officer"))
    page.goto(f"{live_server.url}/firms/")
    page.get_by_test_id("firm-create").click()
    page.get_by_label("Nama resmi").fill("CV Presisi Logam Dampyak")
    page.get_by_label("NIB").fill("12345")
    # Find the place by name: the picker fills province, regency, district and village.
    page.locator("#region-search-firm-ts-control").fill("Dampyak")
    page.get_by_role("option", name=re.compile("Dampyak, Kramat")).click()
    expect(page.locator("#id_village")).to_have_value(DAMPYAK)
    expect(page.locator("#id_regency")).to_have_value("33.28")
    page.get_by_label("Tenaga kerja (orang)").fill("12")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-nib")).to_have_text(
        "NIB (Nomor Induk Berusaha) terdiri dari tepat 13 digit."
    )
    shot("firm-form-error")
    assert not Firm.objects.filter(name="CV Presisi Logam Dampyak").exists()

    page.get_by_label("NIB").fill("9120301234567")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("firm-name")).to_have_text("CV Presisi Logam Dampyak")

    page.get_by_test_id("firm-edit").click()
    page.get_by_label("Tenaga kerja (orang)").fill("25")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("history")).to_contain_text("12 → 25")
    assert Firm.objects.get(nib="9120301234567").workforce == 25


def _xlsx(path, rows):
    workbook = Workbook()
    workbook.active.append([c.key for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    for values in rows:
        workbook.active.append([values.get(k, "") for k in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _rows(count, bad_row=None):
    rows = []
    for n in range(count):
        row = {
            "nib": f"91203{n:08d}",
            "nama": f"CV Impor Logam {n:02d}",
            "kode_wilayah": DAMPYAK,
            "kbli": "25920",
            "tenaga_kerja": 8,
            "investasi": 400_000_000,
        }
        if n == bad_row:
            row["kode_wilayah"] = "33.28.99.9999"
        rows.append(row)
    return rows


def test_import_a_bad_file_then_a_good_one(as_user, live_server, world, tmp_path, shot):
    page = as_user(world.user("officer"))
    page.goto(f"{live_server.url}/firms/import/")
    page.get_by_label("Lembar kerja").set_input_files(
        _xlsx(tmp_path / "salah.xlsx", _rows(10, bad_row=4))
    )
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-errors")).to_be_visible()
    expect(page.get_by_test_id("error-table")).to_contain_text("kode_wilayah")
    expect(page.get_by_test_id("error-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("error-table").locator("tbody td").first).to_have_text("6")
    assert not Firm.objects.filter(name__startswith="CV Impor Logam").exists()

    page.goto(f"{live_server.url}/firms/import/")
    page.get_by_label("Lembar kerja").set_input_files(_xlsx(tmp_path / "benar.xlsx", _rows(60)))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("60")
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("60")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("job-status")).to_contain_text("60")
    shot("import-done")
    assert Firm.objects.filter(name__startswith="CV Impor Logam").count() == 60


def test_switch_to_english(as_user, live_server, world):
    page = as_user(world.user("outsider"))
    page.goto(f"{live_server.url}/firms/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar firma")
    page.get_by_test_id("language-en").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Firm registry")
    expect(page.get_by_test_id("result-count")).to_contain_text("firms")


def test_an_outsider_is_denied(as_user, live_server, world):
    page = as_user(world.user("outsider"))
    page.goto(f"{live_server.url}/firms/")
    page.get_by_role("searchbox", name="Cari", exact=True).fill("sinergi")
    expect(page.get_by_test_id("result-count")).to_have_text("1 firma")
    page.get_by_role("link", name="PT Sinergi Mandiri Teknikatama").click()
    expect(page.get_by_test_id("firm-name")).to_have_text("PT Sinergi Mandiri Teknikatama")
    expect(page.get_by_test_id("private-hidden")).to_be_visible()
    expect(page.get_by_test_id("firm-edit")).to_have_count(0)
    response = page.goto(f"{live_server.url}/firms/{world.firm_a.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_test_id("forbidden")).to_be_visible()


def test_usable_on_a_phone(as_user, live_server, world, shot):
    page = as_user(world.user("officer"))
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/firms/", f"/firms/{world.firm_a.pk}/", "/firms/new/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
    shot("phone-firm-form")


def test_the_map_shows_the_filtered_firms_without_tiles(as_user, live_server, world):
    # The test browser has no internet: the tiles fail, the firms must still show.
    page = as_user(world.user("outsider"))
    page.goto(f"{live_server.url}/firms/map/?kind=ikm")
    expect(page.get_by_test_id("map-summary")).to_have_text(
        "Menampilkan 2 dari 2 firma yang memiliki lokasi."
    )
    expect(page.locator("#firms-map path.leaflet-interactive")).to_have_count(2)
    page.locator("#firms-map path.leaflet-interactive").last.click()
    expect(page.locator(".leaflet-popup-content a")).to_have_count(1)


def test_a_firm_name_with_html_shows_as_text_in_the_map_popups(as_user, live_server, world):
    name = '"><img src=x onerror=alert(1)>'
    Firm.objects.filter(pk=world.firm_a.pk).update(name=name)
    Firm.objects.filter(pk=world.firm_b.pk).update(latitude=None, longitude=None)
    page = as_user(world.user("officer"))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}{world.firm_a.get_absolute_url()}")
    page.locator("#firm-map path.leaflet-interactive").click()
    expect(page.locator("#firm-map .leaflet-popup-content")).to_have_text(name)
    expect(page.locator("#firm-map .leaflet-popup-content img")).to_have_count(0)

    page.goto(f"{live_server.url}/firms/map/?kind=ikm")
    expect(page.locator("#firms-map path.leaflet-interactive")).to_have_count(1)
    page.locator("#firms-map path.leaflet-interactive").click()
    link = page.locator("#firms-map .leaflet-popup-content a")
    expect(link).to_have_text(name)
    expect(link).to_have_attribute("href", world.firm_a.get_absolute_url())
    expect(page.locator("#firms-map .leaflet-popup-content img")).to_have_count(0)
    page.wait_for_timeout(300)  # an onerror would have fired by now
    assert dialogs == []
