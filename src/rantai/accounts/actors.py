"""What a signed-in user is, in terms the permission rules speak.

Computed once per user object from their active memberships (one query) and cached on it, so
rules checked for every row of a page cost no further queries.
"""

from dataclasses import dataclass

from rantai.accounts.models import Membership, Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    is_authenticated: bool
    is_admin: bool
    org_ids: frozenset[int]  # every organisation the user belongs to
    owned_org_ids: frozenset[int]  # organisations the user may edit (firm owner, coop manager)
    managed_org_ids: frozenset[int]  # organisations whose members the user may manage
    managed_coop_ids: frozenset[int]  # cooperatives the user manages
    estate_org_ids: frozenset[int]  # organisations whose estates the user manages
    remits: tuple[str | None, ...]  # officer remits: region codes, None meaning national
    is_mentor: bool
    is_buyer: bool

    @property
    def is_officer(self) -> bool:
        return bool(self.remits)

    @property
    def is_national_officer(self) -> bool:
        return None in self.remits

    def covers(self, region_codes: tuple[str | None, ...]) -> bool:
        """Whether an officer remit covers a place given by its (province, regency, district,
        village) codes."""
        if self.is_national_officer:
            return True
        return any(code in region_codes for code in self.remits if code)

    def covers_region(self, code: str | None) -> bool:
        """Whether an officer remit covers the region ``code`` (at any level). A place with no
        region is covered only by a national remit."""
        if self.is_national_officer:
            return True
        return bool(code) and any(
            remit and (code == remit or code.startswith(f"{remit}.")) for remit in self.remits
        )

    def remit_within(self, code: str | None) -> bool:
        """Whether a remit of ``code`` (None: national) lies inside one of this officer's own:
        what he may hand on to someone else."""
        if self.is_national_officer:
            return True
        return code is not None and self.covers_region(code)


ANONYMOUS = Actor(
    None,
    False,
    False,
    frozenset(),
    frozenset(),
    frozenset(),
    frozenset(),
    frozenset(),
    (),
    False,
    False,
)


def actor_for(user) -> Actor:
    if isinstance(user, Actor):
        return user
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_rantai_actor", None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.active()
        .filter(user=user)
        .values_list("organisation_id", "role", "region_id", "can_manage")
    )
    org_ids = frozenset(r[0] for r in rows)
    owned = frozenset(r[0] for r in rows if r[1] in {Role.OWNER, Role.COOP_MANAGER})
    managed = frozenset(r[0] for r in rows if r[3])
    coops = frozenset(r[0] for r in rows if r[1] == Role.COOP_MANAGER)
    remits = tuple(dict.fromkeys(r[2] for r in rows if r[1] == Role.OFFICER))
    result = Actor(
        user_id=user.pk,
        is_authenticated=True,
        is_admin=user.is_superuser,
        org_ids=org_ids,
        owned_org_ids=owned,
        managed_org_ids=managed,
        managed_coop_ids=coops,
        estate_org_ids=frozenset(r[0] for r in rows if r[1] == Role.ESTATE_MANAGER),
        remits=remits,
        is_mentor=any(r[1] == Role.MENTOR for r in rows),
        is_buyer=any(r[1] == Role.BUYER for r in rows),
    )
    user._rantai_actor = result
    return result


def forget_actor(user) -> None:
    """Call after changing a user's memberships within the same request."""
    user.__dict__.pop("_rantai_actor", None)
