"""Predicates every app's rules share (django-rules). Who someone is comes from their active
memberships (``accounts.actors.Actor``); what they may do with a given object is each app's
``rules.py``."""

import rules

from rantai.accounts.actors import actor_for


@rules.predicate
def is_signed_in(user):
    return actor_for(user).is_authenticated


@rules.predicate
def is_admin(user):
    return actor_for(user).is_admin


@rules.predicate
def is_officer(user):
    return actor_for(user).is_officer


@rules.predicate
def is_national_officer(user):
    return actor_for(user).is_national_officer


@rules.predicate
def is_mentor(user):
    return actor_for(user).is_mentor


@rules.predicate
def belongs_to_a_firm(user):
    return bool(actor_for(user).org_ids)


@rules.predicate
def no_object(user, obj):
    """True when a rule is asked in general ("may he add programs at all?") rather than about
    one object; ``add`` rules use it so the same rule also checks the object to be created."""
    return obj is None


def follows(perm: str, attribute: str):
    """A predicate true when the user has ``perm`` on the object's ``attribute``: a firm's
    capability follows the firm, a payment its lease. False for no object."""

    def check(user, obj):
        return obj is not None and user.has_perm(perm, getattr(obj, attribute))

    return rules.predicate(check, name=f"{perm} of {attribute}")


@rules.predicate
def started_job(user, job):
    return job is not None and job.user_id == actor_for(user).user_id


# A background job (an export holds what its user may see) is its user's alone.
rules.add_perm("core.view_job", is_signed_in & started_job)
