"""Which access requests a user may review, as a queryset (core.access); ``rules.py`` answers
the same for one request."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.accounts.models import ROLES_BY_KIND, AccessRequest
from rantai.core.access import restrict, scope
from rantai.firms.models import Firm


@scope(AccessRequest, actions=("view", "decide"))
def access_requests(queryset, actor: Actor, action: str):
    """Administrators and national officers: all; an officer: those from a region inside his
    remit (the region itself or any place in it)."""
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = Q(pk__in=[])
    for code in actor.remits:
        q |= Q(region_id=code) | Q(region__code__startswith=f"{code}.")
    return queryset.filter(q)


def organisations_to_join(user, access_request: AccessRequest):
    """The organisations a reviewer may invite the requester into: those whose data he may
    change (an officer's remit, administrators all) and whose kind takes the role sought."""
    kinds = [kind for kind, roles in ROLES_BY_KIND.items() if access_request.role in roles]
    return restrict(Firm.objects.all(), user, "change").filter(kind__in=kinds).order_by("name")
