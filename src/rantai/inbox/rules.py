"""A notification is its recipient's alone (view, and change: mark it read)."""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import is_signed_in


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.recipient_id == actor_for(user).user_id


rules.add_perm("inbox.view_notification", is_signed_in & is_recipient)
rules.add_perm("inbox.change_notification", is_signed_in & is_recipient)
