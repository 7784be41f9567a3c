"""From a temu bisnis meeting to an active partnership, in a browser."""

from playwright.sync_api import expect

from rantai.demo.partnerships import signed_pdf
from rantai.firms.models import Firm
from rantai.matchmaking import services as mm
from rantai.matchmaking.models import Meeting
from rantai.partnerships import services
from rantai.partnerships.models import Partnership, SupplyLink
from tests.factories import FirmFactory, place
from tests.matchmaking.conftest import make_event


def test_record_an_agreement_from_a_meeting_upload_sign_and_activate(
    as_user, live_server, world, page, tmp_path, shot
):
    fair = make_event(world)
    oem = FirmFactory(
        kind=Firm.Kind.LARGE, name="PT Astra International Tbk", nib=None, **place("31.72.02.1002")
    )
    services.save_link(buyer=oem, supplier=fair.buyer.firm, tier=1, commodity="Komponen")
    request = mm.request_meeting(requester=fair.a, recipient=fair.buyer, interest=3)
    mm.respond(request=request, accept=True)
    mm.run_scheduler(event=fair.event, seconds=2)
    mm.publish(event=fair.event)
    meeting = Meeting.objects.get()
    for side in (fair.a, fair.buyer):
        mm.record_outcome(meeting=meeting, registration=side, stage="agreement", note="", user=None)

    # Firm A's owner opens the meeting and records the agreement it led to.
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_test_id("record-partnership").click()
    expect(page.get_by_test_id("from-meeting")).to_contain_text(fair.event.name)
    expect(page.locator("#id_supplier")).to_have_value(str(world.firm_a.pk))
    expect(page.locator("#id_buyer")).to_have_value(str(fair.buyer.firm.pk))
    page.locator("#id_kind").select_option("tier2_supply")
    page.locator("#id_scope").fill("Bushing baja untuk suspensi")
    page.locator("#id_estimated_value").fill("1250000000")
    page.locator("#id_starts_on").fill("2022-10-03")
    page.locator("#id_ends_on").fill("2027-10-02")
    page.locator("#id_signed_on").fill("2022-10-03")
    page.locator("#id_signed_place").fill("Ruang pertemuan LIK Takaru")
    page.locator("#id_witness-0-position").fill("Asisten Perekonomian dan Pembangunan")
    page.locator("#id_witness-0-institution").fill("Pemerintah Kabupaten Tegal")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("status")).to_have_text("draf")
    expect(page.get_by_test_id("origin")).to_contain_text(fair.event.name)

    # Signing needs the signed PDF first: the page says what is missing.
    page.get_by_test_id("to-signed").click()
    expect(page.locator(".alert-danger")).to_contain_text("perjanjian yang ditandatangani (PDF)")
    path = tmp_path / "pks-sinergi.pdf"
    path.write_bytes(signed_pdf("PERJANJIAN KERJA SAMA", ["Pihak Kedua: PT Sinergi"]))
    page.locator("#id_title").fill("PKS bertanda tangan")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("documents")).to_contain_text("PKS bertanda tangan")

    page.get_by_test_id("to-signed").click()
    expect(page.get_by_test_id("status")).to_have_text("ditandatangani")
    page.get_by_test_id("to-active").click()
    expect(page.get_by_test_id("status")).to_have_text("aktif")
    graph = page.get_by_test_id("chain-graph")
    expect(graph.locator("text").filter(has_text="tier-2")).to_have_count(1)
    expect(graph.locator(f"[data-firm='{world.firm_a.pk}']")).to_be_visible()
    expect(graph.locator(f"[data-firm='{oem.pk}']")).to_be_visible()
    expect(page.get_by_test_id("history")).to_contain_text("aktif")
    shot("partnership-active")

    deal = Partnership.objects.get()
    assert (deal.status, deal.meeting, deal.tier) == ("active", meeting, 2)
    assert SupplyLink.objects.get(supplier=world.firm_a).partnership == deal

    # The event's pipeline shows the meeting as a signed partnership.
    as_user(world.user("officer"))
    page.goto(f"{live_server.url}/temu-bisnis/{fair.event.pk}/pipeline/")
    column = page.locator("section", has_text="Kemitraan ditandatangani")
    expect(column).to_contain_text("PT Sinergi Mandiri Teknikatama")

    # Another buyer's member cannot see the agreement at all.
    as_user(world.user("firm_b"))
    response = page.goto(f"{live_server.url}{deal.get_absolute_url()}")
    assert response.status == 404
