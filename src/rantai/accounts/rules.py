"""Who may invite whom (django-rules; see core.access).

- add_invitation: whoever may manage the organisation's members (firms.manage_members_firm), and
  only for what lies inside his own rights: a program officer's remit only inside one of the
  inviter's remits (an empty remit, national, only from a national officer). Administrators may
  invite anyone. Accepting an invitation never widens a membership the person already holds
  (accounts.services.accept_invitation).
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.accounts.models import Role
from rantai.core.rules import follows, is_admin, is_signed_in


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
