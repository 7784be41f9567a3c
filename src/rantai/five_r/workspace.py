"""What needs a firm's people and a mentor in 5R (core.workspace)."""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.workspace import Item, section
from rantai.firms.models import CooperativeMembership
from rantai.five_r.models import Activity, Audit, CorrectiveAction, Program
from rantai.five_r.readiness import private_levels

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


def coop_items(user, today, coops) -> list[Item]:
    """A cooperative manager's view of the members' 5R standing: per cooperative, how many
    members stand at each readiness level, and how many have corrective actions overdue. Both
    sum up the members' private record (``readiness.private_levels``); no audit is opened."""
    items = []
    memberships = CooperativeMembership.objects.filter(
        cooperative_id__in=coops, left_on__isnull=True
    ).values_list("cooperative_id", "firm_id")
    members: dict[int, set[int]] = {}
    for coop, firm in memberships:
        members.setdefault(coop, set()).add(firm)
    levels = private_levels(user, {firm for firms in members.values() for firm in firms})
    late = set(
        CorrectiveAction.objects.filter(audit__firm_id__in=levels)
        .overdue(today)
        .values_list("audit__firm_id", flat=True)
    )
    for coop in sorted(members):
        standing = [levels[firm] for firm in members[coop] if firm in levels]
        url = f"{reverse('firms:detail', args=[coop])}#members"
        overdue = len(late & members[coop])
        if overdue:
            items.append(
                Item(
                    ngettext(
                        "%(count)d member has corrective actions overdue",
                        "%(count)d members have corrective actions overdue",
                        overdue,
                    )
                    % {"count": overdue},
                    url,
                    f"five_r-members-overdue-{coop}",
                    overdue,
                    urgent=True,
                )
            )
        by_level = Counter(level.pk if level else None for level in standing)
        for level in [*sorted({lv for lv in standing if lv}, key=lambda lv: -lv.order), None]:
            n = by_level[level.pk if level else None]
            if not n:
                continue
            text = (
                ngettext(
                    "%(count)d member at the level %(level)s",
                    "%(count)d members at the level %(level)s",
                    n,
                )
                % {"count": n, "level": level.label}
                if level
                else ngettext(
                    "%(count)d member not yet assessed or below the first level",
                    "%(count)d members not yet assessed or below the first level",
                    n,
                )
                % {"count": n}
            )
            key = level.code if level else "none"
            items.append(Item(text, url, f"five_r-members-{key}-{coop}", n))
    return items


@section("five_r", heading=gettext_lazy("5R"), order=10)
def five_r(user, today):
    actor = actor_for(user)
    coops = actor.managed_coop_ids
    firms = actor.owned_org_ids - coops
    if not firms and not coops and not actor.is_mentor:
        return None
    items = firm_items(user, today, firms) if firms else []
    if coops:
        items += coop_items(user, today, coops)
    if actor.is_mentor:
        items += mentor_items(user, today)
    return items
