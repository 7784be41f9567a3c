import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_owner_enters_a_year_and_an_officer_downloads_the_siinas_export(
    as_user, live_server, world, shot
):
    page = as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}{world.firm_a.get_absolute_url()}")
    page.get_by_test_id("add-year").click()
    page.locator("#id_year").fill("2024")
    page.locator("#id_installed_capacity").fill("120000")
    page.locator("#id_capacity_unit").select_option("piece")
    page.locator("#id_production").fill("90000")
    page.locator("#id_production_value").fill("1080000000")
    page.locator("#id_workers_male").fill("10")
    page.locator("#id_workers_female").fill("3")
    page.locator("#id_electricity_kwh").fill("24500")
    page.locator("#id_materials-0-name").fill("Plat baja SPCC 1,2 mm")
    page.locator("#id_materials-0-origin").select_option("imported")
    page.locator("#id_materials-0-quantity").fill("12000")
    page.locator("#id_materials-0-unit").select_option("kg")
    page.locator("#id_materials-0-value").fill("186000000")
    page.get_by_test_id("save").click()
    row = page.get_by_test_id("year-2024")
    expect(row).to_contain_text("Plat baja SPCC 1,2 mm")
    expect(row).to_contain_text("90.000")
    shot("industry-year")

    page = as_user(world.user("officer"))
    page.goto(f"{live_server.url}/firms/")
    page.get_by_test_id("export-siinas").click()
    expect(page.locator("#id_regency")).to_have_value("33.28")  # the officer's remit
    page.locator("#id_year").fill("2024")
    page.get_by_test_id("start-export").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as download:
        page.get_by_test_id("job-download").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    firms, materials, _machines = workbook.worksheets
    rows = list(firms.iter_rows(values_only=True))
    assert [(r[0], r[2], r[15]) for r in rows[1:]] == [
        (2024, "PT Sinergi Mandiri Teknikatama", 90_000)
    ]
    material = list(materials.iter_rows(values_only=True))[1]
    assert (material[3], material[5], material[7]) == ("Plat baja SPCC 1,2 mm", 12000, 186_000_000)
