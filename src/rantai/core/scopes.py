"""Background jobs are their user's alone: an export holds what that user may see."""

from rantai.core.access import scope
from rantai.core.models import Job


@scope(Job)
def jobs(queryset, actor, action):
    return queryset.filter(user_id=actor.user_id)
