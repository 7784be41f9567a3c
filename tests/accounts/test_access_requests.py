"""The public landing page, the request-access form, and reviewing requests (page and API)."""

import threading
import time as clock
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rantai.accounts import services
from rantai.accounts.models import AccessRequest, Invitation, Role, User
from rantai.core.access import restrict
from rantai.firms.models import Firm
from rantai.inbox.models import Notification
from tests.factories import (
    AccessRequestFactory,
    FirmFactory,
    MembershipFactory,
    UserFactory,
    place,
)
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Warsono",
    "email": "warsono@bengkel-kramat.id",
    "phone": "0812 2650 1234",
    "organisation": "Bengkel Las Warsono",
    "role": "owner",
    "region": "33.28.15",  # Kramat, Kabupaten Tegal
    "nib": "9120301234567",
    "message": "Kami membuat <b>bracket</b> & dudukan mesin.",
}


def send(client, address="127.0.0.1", **changes):
    return client.post(reverse("request-access"), {**FORM, **changes}, REMOTE_ADDR=address)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# The landing page


def test_a_visitor_gets_the_public_page_and_a_signed_in_user_his_workspace(world, login):
    response = login(None).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "core/landing.html"
    page = response.content.decode()
    assert f'href="{reverse("request-access")}"' in page and f'href="{reverse("login")}"' in page
    assert 'data-testid="request-access"' in page and 'data-testid="sign-in"' in page
    response = login(world.user("firm_a")).get("/")
    assert response.templates[0].name == "core/home.html"


# The form


def test_a_request_is_stored_and_the_regions_officers_and_administrators_told(world, client):
    response = send(client)
    assert response.status_code == 302 and response["Location"] == reverse("access-request-sent")
    stored = AccessRequest.objects.get()
    assert (stored.name, stored.email, stored.role, stored.region_id, stored.nib) == (
        "Warsono",
        "warsono@bengkel-kramat.id",
        Role.OWNER,
        "33.28.15",
        "9120301234567",
    )
    assert stored.status == AccessRequest.Status.PENDING and stored.history.count() == 1
    told = Notification.objects.filter(kind=Notification.Kind.ACCESS_REQUEST)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["admin", "officer"]
    assert told.first().url == reverse("access-request", args=[stored.pk])
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "admin@example.id",
        "officer@example.id",
    ]
    body = mail.outbox[0].body
    assert "Kami membuat <b>bracket</b> & dudukan mesin." in body  # plain text, as typed
    assert f"/accounts/access-requests/{stored.pk}/" in body
    assert client.get(reverse("access-request-sent")).status_code == 200


@pytest.mark.parametrize("region", ["33.28.15", "33.74.05", "31.71"])
def test_those_told_are_exactly_those_who_may_decide(world, region):
    """Tegal, Semarang and Jakarta: the reviewers follow the request's scope, persona by
    persona, national officers included."""
    national = UserFactory(username="national")
    MembershipFactory(user=national, organisation=world.ministry, role=Role.OFFICER, region_id=None)
    access_request = AccessRequestFactory(region_id=region)
    may_decide = {
        user.username
        for user in User.objects.all()
        if restrict(AccessRequest.objects.filter(pk=access_request.pk), user, "decide").exists()
    }
    told = {user.username for user in services.reviewers_of(access_request)}
    assert told == may_decide
    assert {"admin", "national"} <= told and "firm_a" not in told
    assert ("officer" in told) == region.startswith("33.28")
    assert ("far_officer" in told) == region.startswith("33.74")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "warsono@"}, "email"),
        ({"nib": "912030123456"}, "nib"),  # 12 digits
        ({"nib": "91203012345AB"}, "nib"),
        ({"name": ""}, "name"),
        ({"organisation": ""}, "organisation"),
        ({"role": "staff"}, "role"),  # invited by his firm, not asked for
        ({"role": "king"}, "role"),
        ({"region": ""}, "region"),
        ({"region": "33.28.15.1019"}, "region"),  # a village: deeper than the form goes
        ({"region": "99.99"}, "region"),
        ({"message": "x" * 2001}, "message"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_stored(world, client, changes, field):
    response = send(client, **changes)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert not AccessRequest.objects.exists() and not mail.outbox


def test_the_nib_message_is_translated(world, client):
    error = send(client, nib="123").context["form"].errors["nib"][0]
    assert error == "NIB (Nomor Induk Berusaha) terdiri dari tepat 13 digit."


def test_a_second_pending_request_from_the_same_address_is_refused(world, client):
    AccessRequestFactory(email="Warsono@Bengkel-Kramat.id")
    response = send(client)
    assert list(response.context["form"].errors) == ["email"]
    assert AccessRequest.objects.count() == 1 and not mail.outbox


def test_after_a_decision_the_same_address_may_ask_again(world, client):
    AccessRequestFactory(email=FORM["email"], status=AccessRequest.Status.REJECTED)
    assert send(client).status_code == 302
    assert AccessRequest.objects.count() == 2


def test_an_address_that_already_has_an_account_is_refused(world, client):
    response = send(client, email=world.user("firm_a").email.upper())
    assert list(response.context["form"].errors) == ["email"]
    assert not AccessRequest.objects.exists()


def test_too_many_submissions_from_one_address_get_429_and_nothing_stored(world, client, settings):
    settings.ACCESS_REQUESTS_PER_HOUR = 2
    assert send(client, email="satu@example.id").status_code == 302
    assert send(client, email="bukan-email").status_code == 200  # a bad one counts too
    response = send(client, email="tiga@example.id")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    page = response.content.decode()
    assert 'data-testid="too-many-requests"' in page and '<html lang="id">' in page
    assert list(AccessRequest.objects.values_list("email", flat=True)) == ["satu@example.id"]
    # Another address is not held back; the form itself still opens.
    assert send(client, address="127.0.0.9", email="empat@example.id").status_code == 302
    assert client.get(reverse("request-access")).status_code == 200


def test_the_throttle_window_is_an_hour(world, client, settings):
    settings.ACCESS_REQUESTS_PER_HOUR = 1
    assert send(client, email="satu@example.id").status_code == 302
    assert send(client, email="dua@example.id").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert send(client, email="dua@example.id").status_code == 302


# Review: the list and the remit


def test_each_reviewer_lists_the_requests_of_his_remit(world, login):
    kramat = AccessRequestFactory(name="Dari Kramat")
    semarang = AccessRequestFactory(name="Dari Semarang", region_id="33.74")
    expected = {
        "officer": [kramat],
        "far_officer": [semarang],
        "admin": [semarang, kramat],
    }
    for persona, requests in expected.items():
        response = login(world.user(persona)).get(reverse("access-requests"))
        assert list(response.context["table"].data) == requests, persona
    for persona in ("firm_a", "mentor", "outsider"):
        assert login(world.user(persona)).get(reverse("access-requests")).status_code == 403


def test_the_list_filters_by_status(world, login):
    AccessRequestFactory(status=AccessRequest.Status.REJECTED)
    waiting = AccessRequestFactory()
    response = login(world.user("officer")).get(reverse("access-requests"), {"status": "pending"})
    assert list(response.context["table"].data) == [waiting]


def test_the_officers_workspace_counts_what_waits(world, login):
    AccessRequestFactory()
    AccessRequestFactory(region_id="33.74")
    page = login(world.user("officer")).get("/").content.decode()
    assert 'data-testid="item-accounts-access-requests" data-count="1"' in page
    page = login(world.user("firm_a")).get("/").content.decode()
    assert "section-accounts" not in page


# Review: approving and rejecting


def approve(client, access_request, organisation):
    return client.post(
        reverse("access-request-approve", args=[access_request.pk]),
        {"organisation": organisation.pk},
    )


def test_approving_invites_the_requester_once(world, login):
    access_request = AccessRequestFactory(email="warsono@bengkel-kramat.id")
    workshop = FirmFactory(name="Bengkel Las Warsono")
    client = login(world.user("officer"))
    page = client.get(reverse("access-request", args=[access_request.pk])).content.decode()
    assert "Bengkel Las Warsono" in page and "Koperasi TMI" not in page  # an IKM owner's choices
    assert approve(client, access_request, workshop).status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role, invitation.region) == (
        workshop,
        "warsono@bengkel-kramat.id",
        Role.OWNER,
        None,
    )
    assert invitation.invited_by == world.user("officer")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    assert (access_request.invitation, access_request.decided_by) == (
        invitation,
        world.user("officer"),
    )
    assert access_request.history.first().history_user == world.user("officer")
    assert mail.outbox[-1].to == ["warsono@bengkel-kramat.id"]
    assert invitation.token in mail.outbox[-1].body
    # Twice (a second tab, a double click): refused, still one invitation, nothing changed.
    before = fingerprint()
    sent = len(mail.outbox)
    response = approve(client, access_request, workshop)
    assert response.status_code == 302 and Invitation.objects.count() == 1
    assert fingerprint() == before and len(mail.outbox) == sent
    assert (
        login(world.user("admin"))
        .post(reverse("access-request-reject", args=[access_request.pk]), {"reason": "x"})
        .status_code
        == 302
    )
    assert fingerprint() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="row locks need PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE",
)
def test_two_reviewers_approving_at_once_make_one_invitation(world, monkeypatch):
    """Both read "pending" before either writes, unless the lock on the request makes the second
    wait: the pause inside the invitation makes that race certain without the lock."""
    access_request = AccessRequestFactory()
    original = services.invite

    def slow_invite(**kwargs):
        clock.sleep(0.5)
        return original(**kwargs)

    monkeypatch.setattr(services, "invite", slow_invite)
    barrier = threading.Barrier(2)
    results = []

    def attempt(reviewer):
        try:
            barrier.wait()
            services.approve_access_request(
                access_request=access_request,
                organisation=world.firm_b,
                decided_by=reviewer,
                accept_url_builder=lambda inv: inv.get_absolute_url(),
            )
            results.append("approved")
        except ValidationError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    reviewers = (world.user("officer"), world.user("admin"))
    threads = [threading.Thread(target=attempt, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["approved", "decided"]
    assert Invitation.objects.count() == 1


def test_an_officer_cannot_decide_outside_his_remit_and_nothing_is_written(world, login):
    access_request = AccessRequestFactory()
    before = fingerprint()
    client = login(world.user("far_officer"))
    assert approve(client, access_request, world.semarang).status_code == 404
    response = client.post(
        reverse("access-request-reject", args=[access_request.pk]), {"reason": "Bukan wilayah"}
    )
    assert response.status_code == 404
    assert fingerprint() == before and not mail.outbox


def test_an_officer_invites_only_to_organisations_of_his_remit(world, login):
    access_request = AccessRequestFactory()
    elsewhere = FirmFactory(**place("33.74.05.1001"))  # Semarang
    before = fingerprint()
    response = approve(login(world.user("officer")), access_request, elsewhere)
    assert response.status_code == 200
    assert list(response.context["approve_form"].errors) == ["organisation"]
    assert fingerprint() == before and not mail.outbox


def test_an_officers_request_makes_an_officer_of_that_region(world, login):
    access_request = AccessRequestFactory(role=Role.OFFICER, region_id="33.28")
    client = login(world.user("officer"))
    assert approve(client, access_request, world.firm_a).status_code == 200  # an IKM: no officers
    assert approve(client, access_request, world.regency).status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.region_id) == (
        world.regency,
        Role.OFFICER,
        "33.28",
    )


def test_rejecting_needs_a_reason_and_emails_it(world, login):
    access_request = AccessRequestFactory(email="warsono@bengkel-kramat.id")
    client = login(world.user("officer"))
    url = reverse("access-request-reject", args=[access_request.pk])
    response = client.post(url, {"reason": ""})
    assert list(response.context["reject_form"].errors) == ["reason"]
    assert client.post(url, {"reason": "Belum terdaftar <sebagai> IKM logam."}).status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REJECTED
    assert access_request.reason == "Belum terdaftar <sebagai> IKM logam."
    assert mail.outbox[-1].to == ["warsono@bengkel-kramat.id"]
    assert "Belum terdaftar <sebagai> IKM logam." in mail.outbox[-1].body
    assert not Invitation.objects.exists()


def test_the_page_escapes_what_the_requester_typed(world, login):
    access_request = AccessRequestFactory(name="<script>alert(1)</script>")
    page = login(world.user("officer")).get(access_request.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# The API


def test_the_api_lists_the_remit_and_decides(world):
    kramat = AccessRequestFactory()
    AccessRequestFactory(region_id="33.74")
    body = api(world.user("officer")).get("/api/v1/access-requests/").json()
    assert [row["id"] for row in body["results"]] == [kramat.pk]
    assert api(world.user("firm_a")).get("/api/v1/access-requests/").json()["count"] == 0
    url = f"/api/v1/access-requests/{kramat.pk}/approve/"
    workshop = FirmFactory()
    response = api(world.user("officer")).post(url, {"organisation": workshop.pk})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["invitation"] == Invitation.objects.get().pk
    again = api(world.user("officer")).post(url, {"organisation": workshop.pk})
    assert again.status_code == 400 and Invitation.objects.count() == 1


def test_the_api_refuses_outside_the_remit_and_writes_nothing(world):
    access_request = AccessRequestFactory()
    semarang_firm = FirmFactory(**place("33.74.05.1001"), kind=Firm.Kind.IKM)
    before = fingerprint()
    far = api(world.user("far_officer"))
    base = f"/api/v1/access-requests/{access_request.pk}/"
    assert far.get(base).status_code == 404
    assert far.post(f"{base}approve/", {"organisation": world.semarang.pk}).status_code == 404
    assert far.post(f"{base}reject/", {"reason": "x"}).status_code == 404
    officer = api(world.user("officer"))
    response = officer.post(f"{base}approve/", {"organisation": semarang_firm.pk})
    assert response.status_code == 400 and "organisation" in response.json()
    assert officer.post(f"{base}reject/", {}).status_code == 400
    assert fingerprint() == before and not mail.outbox


def test_the_api_rejects_with_a_reason(world):
    access_request = AccessRequestFactory()
    response = api(world.user("admin")).post(
        f"/api/v1/access-requests/{access_request.pk}/reject/", {"reason": "Data tidak lengkap"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == (
        "rejected",
        "Data tidak lengkap",
    )
