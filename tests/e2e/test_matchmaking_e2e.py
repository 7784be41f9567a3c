"""A temu bisnis from need to statistics, in a browser."""

import re
from datetime import time
from pathlib import Path

from playwright.sync_api import expect

from rantai.matchmaking.models import Meeting, MeetingRequest
from tests.factories import SessionFactory
from tests.matchmaking.conftest import make_event


def test_need_requests_schedule_agenda_check_in_outcome_and_stats(
    as_user, live_server, world, page, tmp_path, shot
):
    fair = make_event(world)
    base = f"{live_server.url}/temu-bisnis/{fair.event.pk}"

    # The buyer posts a need and sees explained recommendations; it asks both suppliers.
    as_user(fair.buyer_user)
    page.goto(f"{base}/needs/")
    page.get_by_test_id("need-create").click()
    page.get_by_label("Komponen atau komoditas").fill("Bushing baja untuk suspensi")
    page.locator("#id_processes").select_option("cnc-turning", force=True)
    page.get_by_label("Kelas toleransi").select_option("4")
    page.get_by_label("Volume per bulan").fill("20000")
    page.get_by_test_id("save").click()
    recommendations = page.get_by_test_id("recommendations")
    expect(recommendations.locator("li")).to_have_count(2)
    expect(recommendations.locator("li").first).to_contain_text("PT Sinergi Mandiri Teknikatama")
    expect(recommendations.locator("li").first).to_contain_text("proses 35")
    shot("need-recommendations")
    page.get_by_test_id(f"must-{fair.a.pk}").click()
    page.get_by_test_id(f"like-{fair.b.pk}").click()
    expect(page.get_by_test_id(f"request-status-{fair.b.pk}")).to_be_visible()

    # Each supplier accepts.
    for persona, registration in (("firm_a", fair.a), ("firm_b", fair.b)):
        as_user(world.user(persona))
        page.goto(f"{base}/requests/")
        request = MeetingRequest.objects.get(recipient=registration)
        page.get_by_test_id(f"accept-{request.pk}").click()
        expect(page.get_by_test_id(f"status-{request.pk}")).to_contain_text("diterima")

    # The organiser schedules, pins a meeting, re-runs the scheduler and publishes.
    as_user(world.user("officer"))
    page.goto(f"{base}/schedule/")
    page.get_by_test_id("run-scheduler").click()
    expect(page.get_by_test_id("grid").locator(".meeting")).to_have_count(2)
    request_a = MeetingRequest.objects.get(recipient=fair.a)
    page.get_by_test_id(f"pin-{request_a.pk}").click()
    expect(page.get_by_test_id(f"meeting-{request_a.pk}")).to_have_class(re.compile("pinned"))
    pinned = Meeting.objects.get(request=request_a)
    page.get_by_test_id("run-scheduler").click()
    expect(page.get_by_test_id("last-run")).to_be_visible()
    again = Meeting.objects.get(request=request_a)
    assert (again.slot_id, again.table, again.pinned) == (pinned.slot_id, pinned.table, True)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    shot("schedule")
    # The table cards are printed by a job; its page offers the PDF.
    page.get_by_test_id("table-cards").click()
    with page.expect_download() as cards:
        page.get_by_test_id("job-download").click()
    assert Path(cards.value.path()).read_bytes().startswith(b"%PDF")

    # A supplier downloads its calendar.
    as_user(world.user("firm_a"))
    page.goto(f"{base}/agenda/")
    expect(page.get_by_test_id("agenda")).to_contain_text("PT Jateng Presisi Otomotif")
    with page.expect_download() as download:
        page.get_by_test_id("ics").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics and f"UID:rantai-meeting-{request_a.pk}@{fair.event.pk}" in ics
    # And its agenda to print, made by a job like every PDF.
    page.goto(f"{base}/agenda/")
    page.get_by_test_id("agenda-pdf").click()
    with page.expect_download() as pdf:
        page.get_by_test_id("job-download").click()
    assert pdf.value.suggested_filename == f"agenda-{fair.event.pk}-{fair.a.pk}.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")

    # At the door the organiser scans the QR code of firm A's agenda.
    as_user(world.user("officer"))
    page.goto(f"{live_server.url}/temu-bisnis/check-in/{fair.a.token}/")
    page.get_by_test_id("check-in").click()
    expect(page.get_by_test_id("checked-in")).to_be_visible()

    # After the meeting firm A records its outcome with a follow-up.
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/temu-bisnis/meetings/{again.pk}/")
    page.get_by_label("Hasil").select_option("quotation")
    page.get_by_label("Tindak lanjut", exact=True).fill("Kirim sampel 50 pcs")
    page.get_by_label("Tenggat tindak lanjut").fill("2021-12-10")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outcomes")).to_contain_text("penawaran harga dikirim")

    # The statistics show what was entered.
    as_user(world.user("officer"))
    page.goto(f"{base}/stats/")
    expect(page.get_by_test_id("stat-requests")).to_have_text("2")
    expect(page.get_by_test_id("stat-scheduled")).to_have_text("2")
    expect(page.get_by_test_id("stat-held")).to_have_text("1 / 2")
    expect(page.get_by_test_id("stage-quotation")).to_have_text("1")


def test_a_supplier_marks_a_whole_session_unavailable_on_a_phone(
    as_user, live_server, world, page, shot
):
    fair = make_event(world)
    SessionFactory(event=fair.event, name="Siang", starts_at=time(13), ends_at=time(14))
    morning, afternoon = fair.event.sessions.all()
    page.set_viewport_size({"width": 360, "height": 740})
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/temu-bisnis/{fair.event.pk}/me/")
    group = page.get_by_test_id(f"session-{afternoon.pk}")
    group.get_by_test_id(f"all-{afternoon.pk}").check()
    expect(group.locator("input[name='unavailable']:checked")).to_have_count(3)
    expect(page.get_by_test_id(f"session-{morning.pk}").locator(":checked")).to_have_count(0)
    # Clearing one time leaves the session's box neither ticked nor clear.
    group.locator("label.btn").first.click()
    expect(group.get_by_test_id(f"all-{afternoon.pk}")).not_to_be_checked()
    assert group.get_by_test_id(f"all-{afternoon.pk}").evaluate("box => box.indeterminate")
    shot("phone-availability")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_test_id("save").click()
    expect(page).to_have_url(f"{live_server.url}/temu-bisnis/{fair.event.pk}/")
    page.wait_for_load_state("networkidle")  # the bell's request done before the flush
    assert set(fair.a.unavailable.all()) == set(afternoon.slots.all()[1:])
