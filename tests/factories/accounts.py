"""People, their memberships of organisations, invitations, access requests and API tokens."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from rest_framework.authtoken.models import Token

from rantai.accounts.models import AccessRequest, Invitation, Membership, Role, User
from tests.factories.firms import FirmFactory


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    password = factory.django.Password("secret-pass-123")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(FirmFactory)
    role = Role.OWNER


class InvitationFactory(DjangoModelFactory):
    """An open invitation to join a firm as staff; it expires two weeks after the (pinned)
    clock's now, as the model says, or at once when ``expired``."""

    class Meta:
        model = Invitation

    class Params:
        expired = factory.Trait(expires_at=factory.LazyFunction(timezone.now))

    organisation = factory.SubFactory(FirmFactory)
    email = factory.Sequence(lambda n: f"staf{n}@example.id")
    role = Role.STAFF
    invited_by = factory.SubFactory(UserFactory)


class TokenFactory(DjangoModelFactory):
    """An API token (the key is drawn when it is saved)."""

    class Meta:
        model = Token

    user = factory.SubFactory(UserFactory)


class AccessRequestFactory(DjangoModelFactory):
    """A pending request from a workshop owner in Kramat, Kabupaten Tegal (the Tegal officer's
    remit); ``region_id`` moves it elsewhere."""

    class Meta:
        model = AccessRequest

    name = factory.Sequence(lambda n: f"Pemohon {n}")
    email = factory.Sequence(lambda n: f"pemohon{n}@example.id")
    organisation = factory.Sequence(lambda n: f"Bengkel Las Kramat {n}")
    role = Role.OWNER
    region_id = "33.28.15"
