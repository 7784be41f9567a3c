"""A buyer imports a week's call-off schedule from an .xlsx: from the board to the preview, then
confirmed, and the call-offs are on the board."""

from datetime import time, timedelta

from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from rantai.calloffs.importing import COLUMNS
from rantai.calloffs.models import CallOff
from tests.factories import sign_and_activate
from tests.partnerships.conftest import make_chain


def test_the_buyer_imports_a_schedule_and_sees_it_on_the_board(
    as_user, live_server, world, page, tmp_path, shot
):
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    today = timezone.localdate()
    workbook = Workbook()
    workbook.active.append([c.key for c in COLUMNS])
    where = [time(8), time(10), "Gudang penerimaan, Gerbang 2", "tetap", 4]
    for n, part in enumerate(["BS-12", "BR-7", "PN-3"], start=1):
        due = today + timedelta(days=n)
        what = [part, "A", f"Komponen {part}", 100 * n, None, None, "pcs", 4500]
        workbook.active.append([f"CO-E2E-{n}", *what, due, *where])
    path = tmp_path / "jadwal.xlsx"
    workbook.save(path)

    as_user(chain.buyer_user)
    page.goto(f"{live_server.url}/call-offs/?partnership={chain.deal.pk}")
    page.get_by_test_id("call-off-import").click()
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-submit").click()
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible(timeout=20_000)
    expect(preview).to_contain_text("CO-E2E-3")
    expect(preview).to_contain_text("08:00–10:00")
    expect(page.get_by_test_id("call-offs-count")).to_have_text("3")
    assert not CallOff.objects.exists()
    shot("call-off-import-preview")

    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_be_visible(timeout=20_000)
    assert CallOff.objects.filter(partnership=chain.deal).count() == 3

    page.goto(f"{live_server.url}/call-offs/?partnership={chain.deal.pk}")
    for call_off in CallOff.objects.all():
        expect(page.get_by_test_id(f"call-off-{call_off.pk}")).to_contain_text(call_off.number)
