"""Who may do what with webhooks: an organisation's endpoints, their deliveries and attempts are
for the members who manage that organisation (``firms.manage_members_firm``: its managing
members, and administrators). Nobody else sees them, officers included. ``scopes.py`` answers
the same as querysets.

- view / add / change / delete endpoint: whoever manages the organisation's members.
- view / replay delivery, view attempt: follow the endpoint.
"""

import rules

from rantai.core.rules import follows, is_signed_in, no_object

manages = follows("firms.manage_members_firm", "organisation")
manages_endpoint = follows("webhooks.change_endpoint", "endpoint")

rules.add_perm("webhooks.view_endpoint", manages)
rules.add_perm("webhooks.add_endpoint", is_signed_in & (no_object | manages))
rules.add_perm("webhooks.change_endpoint", manages)
rules.add_perm("webhooks.delete_endpoint", manages)
rules.add_perm("webhooks.view_delivery", manages_endpoint)
rules.add_perm("webhooks.replay_delivery", manages_endpoint)
rules.add_perm("webhooks.view_attempt", follows("webhooks.view_delivery", "delivery"))
