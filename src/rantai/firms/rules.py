"""Named permission rules for the firm registry (django-rules); ``scopes.py`` answers the same as
querysets, and tests/test_scopes_and_rules.py proves they agree.

- view_firm: every signed-in user sees the public profile of every firm (buyers must be able to
  find suppliers): name, kind, place, KBLI, capabilities, machines, certifications.
- view_private_firm: what ``Firm.PRIVATE_FIELDS`` names (tax number, investment, sales, phone,
  email), contacts, annual industry data and the change history: the firm's own members,
  officers whose remit covers the firm, managers of a cooperative the firm belongs to,
  administrators.
- change_firm: the firm's owners, officers whose remit covers it, administrators. A change that
  would move the firm out of the officer's remit is refused (the rule is asked again of the
  changed firm).
- delete_firm: officers whose remit covers it, administrators (deleting only hides the firm).
- restore_firm: administrators (in the admin, or an import naming a deleted firm's NIB).
- add_firm / import_firm: program officers (inside their remit) and administrators; each imported
  row is asked add_firm, change_firm or restore_firm like the same change made by hand.
- export_siinas_firm: program officers and administrators; the export holds only the firms whose
  private data they may see (their remit), because annual industry data is private.
- manage_members_firm: members marked as managing their organisation, and administrators.
- A firm's parts (capabilities, machines, certifications, contacts, cooperative memberships,
  annual industry data and its raw materials) follow the firm: seen with it (contacts and
  annual data with its private data), added, changed and removed by whoever may change it.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import follows, is_admin, is_officer, is_signed_in, no_object


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
        and firm.pk is not None
        and firm.cooperative_memberships.filter(
            cooperative_id__in=coops, left_on__isnull=True
        ).exists()
    )


@rules.predicate
def is_alive(user, firm):
    return firm is None or not firm.is_deleted


rules.add_perm("firms.view_firm", is_signed_in & is_alive)
rules.add_perm(
    "firms.view_private_firm",
    is_signed_in & is_alive & (is_admin | is_member_of | has_remit_over | manages_cooperative_of),
)
rules.add_perm(
    "firms.change_firm", is_signed_in & is_alive & (is_admin | is_owner_of | has_remit_over)
)
rules.add_perm("firms.delete_firm", is_signed_in & is_alive & (is_admin | has_remit_over))
rules.add_perm("firms.add_firm", is_admin | (is_officer & (no_object | has_remit_over)))
rules.add_perm("firms.restore_firm", is_admin)
rules.add_perm("firms.import_firm", is_admin | is_officer)
rules.add_perm("firms.export_siinas_firm", is_admin | is_officer)
rules.add_perm(
    "firms.manage_members_firm", is_signed_in & is_alive & (is_admin | manages_members_of)
)

# A firm's parts follow the firm.
_sees = follows("firms.view_firm", "firm")
_sees_private = follows("firms.view_private_firm", "firm")
_changes = follows("firms.change_firm", "firm")
for _model, _view in (
    ("capability", _sees),
    ("machine", _sees),
    ("certification", _sees),
    ("cooperativemembership", _sees),
    ("contact", _sees_private),
    ("industryyear", _sees_private),
):
    rules.add_perm(f"firms.view_{_model}", _view)
    rules.add_perm(f"firms.add_{_model}", is_signed_in & (no_object | _changes))
    rules.add_perm(f"firms.change_{_model}", _changes)
    rules.add_perm(f"firms.delete_{_model}", _changes)
rules.add_perm("firms.view_rawmaterial", follows("firms.view_industryyear", "year"))
