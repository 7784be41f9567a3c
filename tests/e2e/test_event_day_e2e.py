"""On the event day, in a browser: a participant will not come, the rest of the day is
re-planned, and the organiser reads what changed."""

from playwright.sync_api import expect

from rantai.matchmaking.models import Meeting
from tests.matchmaking.conftest import make_event
from tests.matchmaking.test_event_day import published_day


def test_the_organiser_marks_a_participant_not_coming_and_the_day_is_replanned(
    as_user,
    live_server,
    world,
    page,
    shot,
    _pinned_clock,  # noqa: PT019
):
    fair = make_event(world)
    meeting_a, rc, c, _c_user = published_day(fair, _pinned_clock)
    as_user(world.user("officer"))
    page.goto(f"{live_server.url}/temu-bisnis/{fair.event.pk}/day/")
    page.get_by_label("Peserta", exact=True).select_option(str(fair.a.pk))
    shot("day-board-drop-out")
    page.get_by_role("button", name="Tidak datang hari ini").click()
    # The job re-plans and brings the organiser back to the board with what it did.
    expect(page.get_by_text("1 pertemuan ditambahkan, 0 dipindah")).to_be_visible()
    assert page.url.endswith(f"/temu-bisnis/{fair.event.pk}/day/")
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.NO_SHOW
    added = Meeting.objects.get(request=rc)
    # The firm that did not fit now meets the buyer at 09:40.
    page.goto(f"{live_server.url}/temu-bisnis/{fair.event.pk}/day/?slot={added.slot_id}")
    expect(page.get_by_text(f"{fair.buyer.firm.name} – {c.firm.name}")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/temu-bisnis/{fair.event.pk}/day/")
    expect(page.get_by_role("button", name="Batal ikut acara")).to_be_visible()
    shot("day-board-360")
