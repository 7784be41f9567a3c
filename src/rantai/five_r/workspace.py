"""What needs a firm's people and a mentor in 5R (core.workspace)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.workspace import Item, section
from rantai.five_r.models import Activity, Audit, CorrectiveAction, Program

WEEK = timedelta(days=6)


def _actions(user):
    return restrict(CorrectiveAction.objects.all(), user, "view")


def firm_items(user, today, firm_ids) -> list[Item]:
    """The open and overdue corrective actions of the firms ``firm_ids``."""
    counts = (
        _actions(user)
        .filter(audit__firm_id__in=firm_ids)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    actions = reverse("five_r:action-list")
    items = []
    if counts["overdue"]:
        items.append(
            Item(
                ngettext(
                    "%(count)d corrective action is overdue",
                    "%(count)d corrective actions are overdue",
                    counts["overdue"],
                )
                % {"count": counts["overdue"]},
                f"{actions}?show=overdue",
                "five_r-overdue",
                counts["overdue"],
                urgent=True,
            )
        )
    if counts["open"]:
        items.append(
            Item(
                ngettext(
                    "%(count)d corrective action is open",
                    "%(count)d corrective actions are open",
                    counts["open"],
                )
                % {"count": counts["open"]},
                f"{actions}?show=open",
                "five_r-open",
                counts["open"],
            )
        )
    return items


def mentor_items(user, today) -> list[Item]:
    """A mentor's visits this week, audits to finish and actions to verify, and his calendar."""
    mine = Q(auditors=user) | Q(program__mentors=user)
    visits = Activity.objects.filter(
        program__in=restrict(Program.objects.all(), user, "view"),
        mentor=user,
        date__range=(today, today + WEEK),
    ).count()
    drafts = (
        restrict(Audit.objects.all(), user, "change")
        .filter(pk__in=Audit.objects.filter(mine).values("pk"))
        .count()
    )
    to_verify = (
        _actions(user)
        .filter(status=CorrectiveAction.Status.IN_PROGRESS)
        .filter(audit__in=Audit.objects.filter(mine))
        .count()
    )
    calendar = reverse("five_r:calendar")
    items = []
    if visits:
        items.append(
            Item(
                ngettext(
                    "%(count)d visit in the coming week",
                    "%(count)d visits in the coming week",
                    visits,
                )
                % {"count": visits},
                f"{calendar}?month={today:%Y-%m}",
                "five_r-visits",
                visits,
            )
        )
    if drafts:
        items.append(
            Item(
                ngettext(
                    "%(count)d audit draft to finish", "%(count)d audit drafts to finish", drafts
                )
                % {"count": drafts},
                f"{reverse('five_r:audit-list')}?status={Audit.Status.DRAFT}",
                "five_r-drafts",
                drafts,
            )
        )
    if to_verify:
        items.append(
            Item(
                ngettext(
                    "%(count)d corrective action to verify",
                    "%(count)d corrective actions to verify",
                    to_verify,
                )
                % {"count": to_verify},
                f"{reverse('five_r:action-list')}?status={CorrectiveAction.Status.IN_PROGRESS}",
                "five_r-verify",
                to_verify,
            )
        )
    items.append(Item(_("The program calendar"), calendar, "five_r-calendar"))
    return items


@section("five_r", heading=gettext_lazy("5R"), order=10)
def five_r(user, today):
    actor = actor_for(user)
    firms = actor.owned_org_ids - actor.managed_coop_ids
    if not firms and not actor.is_mentor:
        return None
    items = firm_items(user, today, firms) if firms else []
    if actor.is_mentor:
        items += mentor_items(user, today)
    return items
