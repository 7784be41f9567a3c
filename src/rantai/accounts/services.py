"""Business operations on accounts: keyword-only, one transaction each."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import AccessRequest, Invitation, Membership, Role, User, check_role
from rantai.core.access import can
from rantai.core.mail import link, notify
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


def reviewers_of(access_request: AccessRequest) -> list[User]:
    """Who is told of a new access request: every user who may decide it, by the one rule that
    opens it (``decide_accessrequest``: administrators, officers whose remit holds its region).
    Only administrators and officers can hold that rule, so only they are asked."""
    officers = Membership.objects.active().filter(role=Role.OFFICER).values("user_id")
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(pk__in=officers))
        .order_by("pk")
    )
    return [user for user in candidates if can(user, "decide", access_request)]


def request_access(**fields) -> AccessRequest:
    """Store a request from the public form (``fields`` are the model's) and tell its
    reviewers. A second pending request from the same address is refused (ValidationError)."""
    try:
        with transaction.atomic():
            access_request = AccessRequest.objects.create(**fields)
    except IntegrityError:  # the same address sent twice at once: the constraint decides
        raise ValidationError(
            {"email": _("A request from this email address is already waiting for review.")}
        ) from None
    url = reverse("access-request", args=[access_request.pk])

    def compose():
        subject = _("Access request from %(name)s (%(organisation)s)") % {
            "name": access_request.name,
            "organisation": access_request.organisation,
        }
        context = {"access_request": access_request, "url": link(url)}
        return subject, render_to_string("accounts/email/access_request.txt", context)

    notify(reviewers_of(access_request), compose, kind=Notification.Kind.ACCESS_REQUEST, url=url)
    return access_request


def _pending(access_request: AccessRequest) -> AccessRequest:
    """The request locked for the decision, or ValidationError when someone decided it first."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if not locked.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


@transaction.atomic
def approve_access_request(
    *, access_request: AccessRequest, organisation, decided_by, accept_url_builder
) -> Invitation:
    """Invite the requester to ``organisation`` with the role sought (an officer's remit: the
    request's region) through ``invite``, and mark the request approved. Approving twice is
    refused, so one request makes one invitation."""
    access_request = _pending(access_request)
    region = access_request.region if access_request.role == Role.OFFICER else None
    check_role(access_request.role, organisation, region)
    invitation = invite(
        organisation=organisation,
        email=access_request.email,
        role=access_request.role,
        region=region,
        invited_by=decided_by,
        accept_url_builder=accept_url_builder,
    )
    access_request.status = AccessRequest.Status.APPROVED
    access_request.invitation = invitation
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.save(
        update_fields=["status", "invitation", "decided_by", "decided_at", "updated_at"]
    )
    return invitation


@transaction.atomic
def reject_access_request(*, access_request: AccessRequest, reason: str, decided_by):
    """Mark the request rejected with ``reason`` and email the requester why."""
    access_request = _pending(access_request)
    access_request.status = AccessRequest.Status.REJECTED
    access_request.reason = reason
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.save(
        update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"]
    )

    def compose():
        context = {"access_request": access_request}
        return (
            _("Your request for access to Rantai"),
            render_to_string("accounts/email/access_rejected.txt", context),
        )

    notify([access_request.email], compose, kind=Notification.Kind.ACCESS_REQUEST)
    return access_request
