"""Business operations on accounts: keyword-only, one transaction each."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import Invitation, Membership
from rantai.core.mail import notify
from rantai.inbox.models import Notification


def invite(
    *,
    organisation,
    email: str,
    role: str,
    region=None,
    can_manage=False,
    invited_by,
    accept_url_builder,
) -> Invitation:
    """Create an invitation and email its link. ``accept_url_builder(invitation)`` returns the
    absolute URL to put in the email."""
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            region=region,
            can_manage=can_manage,
            invited_by=invited_by,
        )
    context = {"invitation": invitation, "url": accept_url_builder(invitation)}

    def compose():
        subject = _("Invitation to join %(organisation)s on Rantai") % {
            "organisation": organisation.name
        }
        return subject, render_to_string("accounts/email/invitation.txt", context)

    # An address, not yet a user: the site's language, and no inbox to write to.
    notify([email], compose, kind=Notification.Kind.INVITATION, url=context["url"])
    return invitation


class InvitationClosed(Exception):
    pass


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationClosed
    # An active membership with this role stays as it is: accepting an invitation never
    # silently widens someone's remit or rights (an officer inviting himself with an empty,
    # national, remit). One that had ended starts again with what the invitation grants.
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        defaults={"region": invitation.region, "can_manage": invitation.can_manage},
    )
    if not created and not membership.is_active:
        membership.region = invitation.region
        membership.can_manage = invitation.can_manage
        membership.is_active = True
        membership.save(update_fields=["region", "can_manage", "is_active", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    if not user.email:
        user.email = invitation.email
        user.save(update_fields=["email"])
    return membership
