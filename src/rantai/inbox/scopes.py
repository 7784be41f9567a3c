"""A notification is its recipient's alone: nobody else lists, opens or marks it, administrators
included."""

from rantai.core.access import scope
from rantai.inbox.models import Notification


@scope(Notification, actions=("view", "change"))
def notifications(queryset, actor, action):
    return queryset.filter(recipient_id=actor.user_id)
