"""What tells people something as it happens: a meeting request reaches the firm asked, and the
corrective actions a 5R audit leaves reach the firm audited (through core.mail.notify)."""

from django.core import mail
from django.urls import reverse

from rantai.inbox.models import Notification
from rantai.matchmaking import services as matchmaking
from rantai.matchmaking.models import MeetingRequest
from tests.factories import AuditFactory, MembershipFactory, UserFactory
from tests.matchmaking.conftest import make_event


def test_a_request_sent_on_the_page_reaches_the_people_of_the_firm_asked(client, world):
    fair = make_event(world)
    english = UserFactory(username="b_en", language="en", email="")  # in-app only: no address
    MembershipFactory(user=english, organisation=world.firm_b)
    client.force_login(fair.buyer_user)
    response = client.post(
        reverse("matchmaking:request-create", args=[fair.event.pk, fair.b.pk]),
        {"interest": 1, "message": "Kami butuh bushing <b>CNC</b>"},
    )
    assert response.status_code == 302
    notices = Notification.objects.filter(kind=Notification.Kind.MEETING_REQUEST)
    assert {n.recipient for n in notices} == {world.user("firm_b"), english}
    url = reverse("matchmaking:requests", args=[fair.event.pk])
    assert {n.url for n in notices} == {url}
    indonesian = notices.get(recipient=world.user("firm_b"))
    assert indonesian.subject == (
        "PT Jateng Presisi Otomotif mengajak Anda bertemu di Temu Bisnis Tegal"
    )
    assert "Kami butuh bushing <b>CNC</b>" in indonesian.body  # as typed; templates escape it
    assert notices.get(recipient=english).subject == (
        "PT Jateng Presisi Otomotif asks to meet you at Temu Bisnis Tegal"
    )
    assert [m.to for m in mail.outbox] == [[world.user("firm_b").email]]

    # Asking again changes the request; nobody is told twice.
    matchmaking.request_meeting(requester=fair.buyer, recipient=fair.b, interest=3)
    assert notices.count() == 2


def test_a_refused_request_tells_nobody(client, world):
    fair = make_event(world)
    url = reverse("matchmaking:request-create", args=[fair.event.pk, fair.b.pk])
    client.force_login(fair.buyer_user)
    page = client.post(url, {"interest": 2}, follow=True)  # no such interest
    assert "Masukkan pilihan yang valid" in page.content.decode()
    client.force_login(world.user("firm_a"))  # a supplier asking a supplier
    client.post(url, {"interest": 1})
    assert not MeetingRequest.objects.exists()
    assert not Notification.objects.exists() and not mail.outbox


def test_an_audit_s_corrective_actions_reach_the_firm_audited(world):
    audit = AuditFactory(firm=world.firm_a, submitted=True, submit__low_codes=("RK1", "RS2"))
    notice = Notification.objects.get(kind=Notification.Kind.CORRECTIVE_ACTION)
    assert notice.recipient == world.user("firm_a")  # not the auditor, not firm B
    assert (
        notice.subject == "Audit 5R PT Sinergi Mandiri Teknikatama menyisakan 2 tindakan perbaikan"
    )
    assert "RK1" in notice.body and "RS2" in notice.body
    assert notice.url == f"{reverse('five_r:action-list')}?audit={audit.pk}"


def test_an_audit_without_findings_tells_nobody(world):
    AuditFactory(firm=world.firm_a, submitted=True)
    assert not Notification.objects.exists()
