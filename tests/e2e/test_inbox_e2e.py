"""A user's page is open on a phone; someone else's action notifies him, and his bell's count
rises without a reload (htmx polling); opening the inbox, an item goes to its link and is read."""

from playwright.sync_api import expect

from rantai.core.mail import notify
from rantai.inbox.models import Notification
from rantai.matchmaking.models import Interest
from rantai.matchmaking.services import request_meeting
from tests.factories import AuditFactory, NotificationFactory
from tests.matchmaking.conftest import make_event


def test_the_bell_counts_up_without_a_reload_and_the_inbox_fits_a_phone(
    as_user, live_server, world, page, settings, shot
):
    settings.INBOX_POLL_SECONDS = 1
    user = world.user("firm_a")
    NotificationFactory(recipient=user, subject="Sudah dibaca", read=True)
    page.set_viewport_size({"width": 360, "height": 740})
    as_user(user)
    page.goto(f"{live_server.url}/")
    bell = page.get_by_test_id("inbox-bell")
    expect(bell).to_be_visible()
    expect(page.get_by_test_id("inbox-count")).to_have_count(0)
    page.evaluate("window.__stillTheSamePage = true")

    # Another user's action, through the one notify service.
    notify([user], lambda: ("Sewa unit C-1 berakhir", "60 hari lagi"), kind="lease_ending")
    expect(page.get_by_test_id("inbox-count")).to_have_text("1", timeout=10_000)
    notify([user], lambda: ("Laporan siap", "Berkas siap"), kind="report_ready", url="/kawasan/")
    expect(page.get_by_test_id("inbox-count")).to_have_text("2", timeout=10_000)
    assert page.evaluate("window.__stillTheSamePage") is True  # no reload happened

    page.get_by_test_id("inbox-bell").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("Laporan siap")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("inbox-360")
    ready = Notification.objects.get(subject="Laporan siap")
    page.get_by_test_id(f"open-{ready.pk}").click()
    page.wait_for_url(f"{live_server.url}/kawasan/")
    ready.refresh_from_db()
    assert ready.is_read
    expect(page.get_by_test_id("inbox-count")).to_have_text("1")
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_test_id("read-all").click()
    expect(page.get_by_test_id("inbox-count")).to_have_count(0)
    assert not Notification.objects.unread().filter(recipient=user).exists()


def test_a_firm_owner_s_bell_rises_when_a_buyer_asks_and_an_audit_leaves_actions(
    as_user, live_server, world, page, settings
):
    """Two other people act while firm B's owner has his home open on a phone: a buyer sends a
    meeting request, then a mentor submits an audit of firm B with two low scores."""
    settings.INBOX_POLL_SECONDS = 1
    fair = make_event(world)
    page.set_viewport_size({"width": 360, "height": 740})
    as_user(world.user("firm_b"))
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("inbox-bell")).to_be_visible()
    expect(page.get_by_test_id("inbox-count")).to_have_count(0)

    request_meeting(requester=fair.buyer, recipient=fair.b, interest=Interest.MUST)
    expect(page.get_by_test_id("inbox-count")).to_have_text("1", timeout=10_000)
    AuditFactory(firm=world.firm_b, submitted=True, submit__low_codes=("RK1", "RS2"))
    expect(page.get_by_test_id("inbox-count")).to_have_text("2", timeout=10_000)

    page.get_by_test_id("inbox-bell").click()
    notice = Notification.objects.get(kind=Notification.Kind.MEETING_REQUEST)
    page.get_by_test_id(f"open-{notice.pk}").click()
    page.wait_for_url(f"{live_server.url}/temu-bisnis/{fair.event.pk}/requests/")
    expect(page.get_by_test_id("inbox-count")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
