import pytest
from django.core import mail
from django.urls import reverse

from rantai.accounts.models import Invitation, Membership, Role, User
from rantai.inbox.models import Notification
from tests.conftest import PASSWORD
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(world, client):
    response = client.post(reverse("login"), {"username": "firm_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"].username == "firm_a"
    client.post(reverse("logout"))
    assert client.get(reverse("home")).context["user"].is_anonymous  # the public page


def test_a_wrong_password_is_refused_in_indonesian(world, client):
    response = client.post(reverse("login"), {"username": "firm_a", "password": "salah"})
    assert response.status_code == 200
    assert "Masukkan nama pengguna dan sandi yang benar." in response.content.decode()


def test_password_reset_sends_an_email_with_a_working_link(world, client):
    user = world.user("firm_a")
    client.post(reverse("password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line
    )
    response = client.get(link.strip(), follow=True)
    assert response.context["validlink"]
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Baja-Tegal-2022", "new_password2": "Baja-Tegal-2022"},
    )
    user.refresh_from_db()
    assert user.check_password("Baja-Tegal-2022")


def test_profile_saves_language_and_sets_it(world, login):
    client = login(world.user("firm_a"))
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Direktur",
            "last_name": "PT Sinergi",
            "email": "direktur@sinergi.id",
            "language": "en",
            "notify_by": "in_app",
        },
    )
    assert response.cookies["django_language"].value == "en"
    assert User.objects.get(username="firm_a").language == "en"
    assert User.objects.get(username="firm_a").notify_by == "in_app"


def test_api_token_can_be_replaced(world, login):
    client = login(world.user("firm_a"))
    client.post(reverse("regenerate-token"))
    first = world.user("firm_a").auth_token.key
    client.post(reverse("regenerate-token"))
    assert User.objects.get(username="firm_a").auth_token.key != first


def test_an_invitation_is_emailed_and_accepted_by_a_new_person(world, login, client):
    login(world.user("firm_a")).post(
        reverse("members", args=[world.firm_a.pk]), {"email": "staf@sinergi.id", "role": "staff"}
    )
    invitation = Invitation.objects.get(email="staf@sinergi.id")
    assert invitation.invited_by == world.user("firm_a")
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    assert "PT Sinergi Mandiri Teknikatama" in mail.outbox[0].subject
    assert not Notification.objects.exists()  # an address, not yet anyone's inbox
    client.logout()
    response = client.post(
        reverse("invitation-accept", args=[invitation.token]),
        {
            "username": "staf.sinergi",
            "first_name": "Staf",
            "last_name": "Produksi",
            "password1": "Logam-Presisi-77",
            "password2": "Logam-Presisi-77",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="staf.sinergi")
    assert (membership.organisation, membership.role) == (world.firm_a, Role.STAFF)
    assert membership.user.email == "staf@sinergi.id"
    # The link works once.
    assert client.get(reverse("invitation-accept", args=[invitation.token])).status_code == 410


def test_an_expired_invitation_is_closed(world, client):
    invitation = InvitationFactory(
        organisation=world.firm_a, email="a@b.id", role=Role.STAFF, expired=True
    )
    assert client.get(reverse("invitation-accept", args=[invitation.token])).status_code == 410


def test_a_role_that_does_not_fit_the_organisation_is_refused(world, login):
    response = login(world.user("firm_a")).post(
        reverse("members", args=[world.firm_a.pk]), {"email": "x@y.id", "role": "officer"}
    )
    assert response.status_code == 200 and response.context["form"].errors["role"]
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_manager_removes_a_member_who_then_loses_access(world, login):
    membership = world.user("firm_b").memberships.get()
    client = login(world.user("admin"))
    client.post(reverse("membership-deactivate", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    response = login(User.objects.get(username="firm_b")).get(
        reverse("firms:update", args=[world.firm_b.pk])
    )
    assert response.status_code == 403


# Defect 1: a regency officer could make himself national.
@pytest.mark.parametrize("region", ["", "33.74", "33"])
def test_an_officer_grants_only_a_remit_inside_his_own(world, login, region):
    """Tegal's officer (remit 33.28, manages the regency's members) may not hand on a national
    remit, another regency's, or the whole province."""
    client = login(world.user("officer"))
    response = client.post(
        reverse("members", args=[world.regency.pk]),
        {
            "email": "petugas.baru@tegalkab.go.id",
            "role": "officer",
            "region": region,
            "can_manage": "on",
        },
    )
    assert response.status_code == 200
    assert "Anda hanya dapat memberikan wilayah tugas" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_officer_may_invite_within_his_remit(world, login):
    client = login(world.user("officer"))
    client.post(
        reverse("members", args=[world.regency.pk]),
        {"email": "petugas.slawi@tegalkab.go.id", "role": "officer", "region": "33.28"},
    )
    assert Invitation.objects.get().region_id == "33.28"


def test_accepting_an_invitation_never_widens_an_existing_membership(world, login):
    """The reported path: an invitation with an empty (national) remit, made some other way
    (here directly), opened by the officer himself while logged in."""
    officer = world.user("officer")
    invitation = InvitationFactory(
        organisation=world.regency,
        email=officer.email,
        role=Role.OFFICER,
        region=None,
        can_manage=True,
        invited_by=officer,
    )
    client = login(officer)
    response = client.post(reverse("invitation-accept", args=[invitation.token]), follow=True)
    assert response.status_code == 200
    membership = officer.memberships.get(organisation=world.regency, role=Role.OFFICER)
    assert membership.region_id == "33.28" and membership.is_active
    # Still a regency officer: a firm in Semarang stays out of reach.
    semarang_firm = world.semarang
    api = client.patch(
        f"/api/v1/firms/{semarang_firm.pk}/", {"name": "Diambil"}, content_type="application/json"
    )
    assert api.status_code in {403, 404}
