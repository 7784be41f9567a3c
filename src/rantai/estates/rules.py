"""Who may see and do what on an estate (django-rules); ``scopes.py`` gives the same as querysets.

- view_estate: every signed-in user sees an estate, its plan, units, tenants' names, facilities
  and the booking calendar (a directory of the estate, like the registry's public profiles).
- manage_estate: the estate managers of the organisation that runs it, and administrators:
  units, leases, payments, the waiting list, assets, condition checks and maintenance. The
  parts follow it: change_unit, change_asset, change/add of leases, payments, applications,
  assets, condition checks and maintenance.
- report_estate: the estate report; its managers, officers whose remit holds the estate,
  administrators — the same people who see its leases.
- view_lease (fees, deposit, payments, arrears): the tenant's members, the estate's managers,
  program officers whose remit holds the estate, and administrators. view_payment follows it.
- view_application (the waiting list): the estate's managers and administrators.
- book_estate / add_booking: members of any firm (for their firm), and the estate's managers
  (for any firm). cancel_booking: the booking firm's members, the estate's managers,
  administrators.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import follows, is_admin, is_officer, is_signed_in, no_object


def manages(user, estate) -> bool:
    return estate is not None and estate.manager_id in actor_for(user).estate_org_ids


@rules.predicate
def is_estate_manager(user, estate):
    return manages(user, estate)


@rules.predicate
def manages_an_estate(user):
    """An estate manager of some organisation: may add (in general) what managers add."""
    return bool(actor_for(user).estate_org_ids)


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
def belongs_to_a_firm(user, obj=None):
    return bool(actor_for(user).org_ids)


@rules.predicate
def member_of_booking_firm(user, booking):
    return booking is not None and booking.firm_id in actor_for(user).org_ids


@rules.predicate
def manages_booking_estate(user, booking):
    return booking is not None and manages(user, booking.asset.estate)


@rules.predicate
def may_book_on_asset_estate(user, booking):
    return booking is not None and user.has_perm("estates.book_estate", booking.asset.estate)


# Adding in general ("may he add leases at all?") and adding this object.
adds_as_manager = no_object & (is_admin | manages_an_estate)

rules.add_perm("estates.view_estate", is_signed_in)
rules.add_perm("estates.manage_estate", is_signed_in & (is_admin | is_estate_manager))
rules.add_perm(
    "estates.report_estate",
    is_signed_in & (is_admin | is_estate_manager | (is_officer & covers_estate)),
)
rules.add_perm(
    "estates.book_estate", is_signed_in & (is_admin | is_estate_manager | belongs_to_a_firm)
)

for _part in ("unit", "asset"):
    rules.add_perm(f"estates.view_{_part}", is_signed_in & follows("estates.view_estate", "estate"))
    rules.add_perm(
        f"estates.change_{_part}", is_signed_in & follows("estates.manage_estate", "estate")
    )
rules.add_perm(
    "estates.add_asset",
    is_signed_in & (adds_as_manager | follows("estates.manage_estate", "estate")),
)
for _part in ("conditioncheck", "maintenance"):
    rules.add_perm(f"estates.view_{_part}", is_signed_in & follows("estates.view_asset", "asset"))
    rules.add_perm(
        f"estates.change_{_part}", is_signed_in & follows("estates.change_asset", "asset")
    )

rules.add_perm(
    "estates.view_application", is_signed_in & follows("estates.manage_estate", "estate")
)
rules.add_perm(
    "estates.change_application", is_signed_in & follows("estates.manage_estate", "estate")
)
rules.add_perm(
    "estates.add_application",
    is_signed_in & (adds_as_manager | follows("estates.manage_estate", "estate")),
)

rules.add_perm(
    "estates.view_lease",
    is_signed_in
    & (is_admin | (is_officer & covers_lease_estate) | is_tenant | manages_lease_estate),
)
rules.add_perm("estates.change_lease", is_signed_in & (is_admin | manages_lease_estate))
rules.add_perm(
    "estates.add_lease",
    is_signed_in & (adds_as_manager | follows("estates.manage_estate", "estate")),
)
rules.add_perm("estates.view_payment", is_signed_in & follows("estates.view_lease", "lease"))
rules.add_perm(
    "estates.add_payment",
    is_signed_in & (adds_as_manager | follows("estates.change_lease", "lease")),
)

rules.add_perm("estates.view_booking", is_signed_in)
rules.add_perm(
    "estates.cancel_booking",
    is_signed_in & (is_admin | member_of_booking_firm | manages_booking_estate),
)
rules.add_perm(
    "estates.add_booking",
    is_signed_in
    & ((no_object & (is_admin | manages_an_estate | belongs_to_a_firm)) | may_book_on_asset_estate),
)
