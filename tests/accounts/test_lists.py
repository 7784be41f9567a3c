"""An organisation's members and open invitations as list pages."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from rantai.accounts.models import Role
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.lists import counted, listed, refused

pytestmark = pytest.mark.django_db


def test_members_filter_page_and_stay_with_their_organisation(world, login):
    owner = world.user("firm_a").memberships.get()
    staff = [
        MembershipFactory(
            organisation=world.firm_a,
            user=UserFactory(username=f"staf{n:02d}", email=f"staf{n:02d}@sinergi.id"),
            role=Role.STAFF,
        )
        for n in range(25)
    ]
    staff[3].is_active = False
    staff[3].save()
    MembershipFactory(organisation=world.firm_b, user=UserFactory(username="staf.baja"))
    client = login(world.user("firm_a"))
    url = reverse("members", args=[world.firm_a.pk])
    first = client.get(url)  # active first, then by role and name
    assert counted(first) == 26
    active_staff = [m for m in staff if m != staff[3]]
    assert listed(first) == [owner, *active_staff]
    assert listed(client.get(url, {"page": 2})) == [staff[3]]
    assert listed(client.get(url, {"q": "staf07@"})) == [staff[7]]
    assert listed(client.get(url, {"role": "owner"})) == [owner]
    assert listed(client.get(url, {"is_active": "false"})) == [staff[3]]
    bad = client.get(url, {"role": "king"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["role"] == [
        refused("king", forms.ChoiceField(choices=Role.choices))
    ]
    assert bad.context["form"].fields["email"]  # the invitation form is still there
    assert listed(client.get(url, {"q": "baja"})) == []  # firm B's member is not firm A's


def test_open_invitations_are_a_table_of_their_own(world, login):
    soon = InvitationFactory(organisation=world.firm_a, email="a@b.id")
    gone = InvitationFactory(
        organisation=world.firm_a, email="c@d.id", expires_at=timezone.now() - timedelta(days=1)
    )
    InvitationFactory(organisation=world.firm_b, email="e@f.id")
    response = login(world.user("firm_a")).get(reverse("members", args=[world.firm_a.pk]))
    table = response.context["invitations"]
    assert [row.record for row in table.page.object_list] == [gone, soon]
    assert 'data-testid="invitations"' in response.content.decode()
