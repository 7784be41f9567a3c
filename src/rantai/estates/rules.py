"""Who may see and do what on an estate (django-rules); ``scopes.py`` gives the same as querysets.

- view_estate: every signed-in user sees an estate, its plan, units, tenants' names, facilities
  and the booking calendar (a directory of the estate, like the registry's public profiles).
- manage_estate: the estate managers of the organisation that runs it, and administrators:
  units, leases, payments, the waiting list, assets, condition checks and maintenance.
- view_lease (fees, deposit, payments, arrears): the tenant's members, the estate's managers,
  program officers whose remit holds the estate, and administrators. view_payment follows it.
- book: members of any firm (for their firm), and the estate's managers (for any firm).
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import follows, is_admin, is_officer, is_signed_in


def manages(user, estate) -> bool:
    return estate is not None and estate.manager_id in actor_for(user).estate_org_ids


@rules.predicate
def is_estate_manager(user, estate):
    return manages(user, estate)


@rules.predicate
def is_tenant(user, lease):
    return lease is not None and lease.tenant_id in actor_for(user).org_ids


@rules.predicate
def manages_lease_estate(user, lease):
    return lease is not None and manages(user, lease.estate)


@rules.predicate
def covers_lease_estate(user, lease):
    return lease is not None and actor_for(user).covers_region(lease.estate.village_id)


@rules.predicate
def covers_estate(user, estate):
    return estate is not None and actor_for(user).covers_region(estate.village_id)


@rules.predicate
def belongs_to_a_firm(user, estate=None):
    return bool(actor_for(user).org_ids)


rules.add_perm("estates.view_estate", is_signed_in)
rules.add_perm("estates.manage_estate", is_signed_in & (is_admin | is_estate_manager))
rules.add_perm(
    "estates.view_lease",
    is_signed_in
    & (is_admin | (is_officer & covers_lease_estate) | is_tenant | manages_lease_estate),
)
rules.add_perm("estates.view_payment", is_signed_in & follows("estates.view_lease", "lease"))
rules.add_perm("estates.book", is_signed_in & (is_admin | is_estate_manager | belongs_to_a_firm))
# The estate report (units, tenants, occupancy, arrears): its managers, officers whose remit
# holds the estate, administrators — the same people who see its leases.
rules.add_perm(
    "estates.report_estate",
    is_signed_in & (is_admin | is_estate_manager | (is_officer & covers_estate)),
)
