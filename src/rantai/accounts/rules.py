"""Who may invite whom (django-rules; see core.access).

- add_invitation: whoever may manage the organisation's members (firms.manage_members_firm), and
  only for what lies inside his own rights: a program officer's remit only inside one of the
  inviter's remits (an empty remit, national, only from a national officer). Administrators may
  invite anyone. Accepting an invitation never widens a membership the person already holds
  (accounts.services.accept_invitation).
- view_accessrequest / decide_accessrequest (approve or reject): administrators, and officers
  whose remit holds the request's region. In general (no request) every officer may review.
  Since a request always names a region, an officer approving a request for an officer's role
  grants a remit inside his own; the organisation he invites into is one whose data he may
  change (accounts.scopes.organisations_to_join).
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.accounts.models import Role
from rantai.core.rules import follows, is_admin, is_officer, is_signed_in, no_object


@rules.predicate
def grants_within_own(user, invitation):
    if invitation is None:
        return True
    if invitation.role != Role.OFFICER:
        return True
    return actor_for(user).remit_within(invitation.region_id)


rules.add_perm(
    "accounts.add_invitation",
    is_signed_in
    & (is_admin | (follows("firms.manage_members_firm", "organisation") & grants_within_own)),
)


@rules.predicate
def has_remit_over_request(user, access_request):
    actor = actor_for(user)
    return (
        access_request is not None
        and actor.is_officer
        and actor.covers_region(access_request.region_id)
    )


_reviews = is_signed_in & (is_admin | (is_officer & (no_object | has_remit_over_request)))
rules.add_perm("accounts.view_accessrequest", _reviews)
rules.add_perm("accounts.decide_accessrequest", _reviews)
