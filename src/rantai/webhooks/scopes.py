"""Webhooks as querysets (core.access): an endpoint is seen and managed by whoever manages its
organisation's members (and administrators), its deliveries and attempts with it."""

from rantai.accounts.actors import Actor
from rantai.core.access import scope
from rantai.webhooks.models import Attempt, Delivery, Endpoint


def _managed(actor: Actor, prefix: str = "") -> dict:
    found = {f"{prefix}organisation__deleted_at__isnull": True}
    if not actor.is_admin:
        found[f"{prefix}organisation_id__in"] = actor.managed_org_ids
    return found


@scope(Endpoint, actions=("view", "change", "delete"))
def endpoints(queryset, actor: Actor, action: str):
    return queryset.filter(**_managed(actor))


@scope(Delivery, actions=("view", "replay"))
def deliveries(queryset, actor: Actor, action: str):
    return queryset.filter(**_managed(actor, "endpoint__"))


@scope(Attempt)
def attempts(queryset, actor: Actor, action: str):
    return queryset.filter(**_managed(actor, "delivery__endpoint__"))
