"""Named permission rules for the firm registry (django-rules).

Views, the API and exports ask ``user.has_perm(name, firm)``; list views use the matching
queryset from ``scopes.py``. Who may do what:

- view_firm: every signed-in user sees the public profile of every firm (buyers must be able to
  find suppliers): name, kind, place, KBLI, capabilities, machines, certifications.
- view_firm_private: contacts, tax number, investment and sales, and the change history: the
  firm's own members, officers whose remit covers the firm, managers of a cooperative the firm
  belongs to, administrators.
- change_firm: the firm's owners, officers whose remit covers it, administrators.
- delete_firm: officers whose remit covers it, administrators (deleting only hides the firm).
- add_firm / import_firms: program officers and administrators.
- export_siinas: program officers and administrators; the export holds only the firms whose
  private data they may see (their remit), because annual industry data is private.
- manage_members: members marked as managing their organisation, and administrators.
"""

import rules

from rantai.accounts.actors import actor_for


@rules.predicate
def is_signed_in(user):
    return actor_for(user).is_authenticated


@rules.predicate
def is_admin(user):
    return actor_for(user).is_admin


@rules.predicate
def is_officer(user):
    return actor_for(user).is_officer


@rules.predicate
def is_member_of(user, firm):
    return firm is not None and firm.pk in actor_for(user).org_ids


@rules.predicate
def is_owner_of(user, firm):
    return firm is not None and firm.pk in actor_for(user).owned_org_ids


@rules.predicate
def manages_members_of(user, firm):
    return firm is not None and firm.pk in actor_for(user).managed_org_ids


@rules.predicate
def has_remit_over(user, firm):
    actor = actor_for(user)
    return firm is not None and actor.is_officer and actor.covers(firm.region_codes)


@rules.predicate
def manages_cooperative_of(user, firm):
    coops = actor_for(user).managed_coop_ids
    return (
        firm is not None
        and bool(coops)
        and firm.cooperative_memberships.filter(
            cooperative_id__in=coops, left_on__isnull=True
        ).exists()
    )


def _alive(user, firm):
    return firm is None or not firm.is_deleted


is_alive = rules.predicate(_alive)

rules.add_perm("firms.view_firm", is_signed_in & is_alive)
rules.add_perm(
    "firms.view_firm_private",
    is_signed_in & is_alive & (is_admin | is_member_of | has_remit_over | manages_cooperative_of),
)
rules.add_perm(
    "firms.change_firm", is_signed_in & is_alive & (is_admin | is_owner_of | has_remit_over)
)
rules.add_perm("firms.delete_firm", is_signed_in & is_alive & (is_admin | has_remit_over))
rules.add_perm("firms.add_firm", is_admin | is_officer)
rules.add_perm("firms.import_firms", is_admin | is_officer)
rules.add_perm("firms.export_siinas", is_admin | is_officer)
rules.add_perm("firms.restore_firm", is_admin)
rules.add_perm("firms.manage_members", is_signed_in & (is_admin | manages_members_of))
