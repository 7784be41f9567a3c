"""What needs a supplier, a buyer, a cooperative manager and an officer in partnerships: order
lines due or late, score band drops, agreements about to end (core.workspace)."""

from datetime import timedelta

from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.workspace import Item, section
from rantai.partnerships.models import Band, BandAlert, OrderLine, Partnership, ScoreRecord

WEEK = timedelta(days=6)
ENDING = 90  # days: an agreement ending this soon is up for renewal (as its reminders say)
ALERT_DAYS = 30  # a band drop is news for a month
SHOWN = 5  # items of one kind at most; the rest are on the linked page


def _open_lines(user, today, q):
    """Order lines due within the week or earlier and not yet received in full, under the
    agreements ``q`` picks: one row per line, with its agreement's parties."""
    received = Coalesce(Sum("deliveries__quantity"), Value(0), output_field=DecimalField())
    return (
        restrict(OrderLine.objects.all(), user)
        .filter(q, due_on__lte=today + WEEK)
        .annotate(received=received)
        .filter(received__lt=F("quantity"))
        .values_list(
            "partnership_id",
            "due_on",
            "partnership__supplier_id",
            "partnership__supplier__name",
            "partnership__buyer__name",
        )
    )


def _by_agreement(rows):
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return list(grouped.items())[:SHOWN]


def line_items(user, today, firms, coops) -> list[Item]:
    rows = list(
        _open_lines(
            user,
            today,
            Q(partnership__supplier_id__in=firms)
            | Q(partnership__buyer_id__in=firms)
            | Q(partnership__cooperative_id__in=coops),
        )
    )
    late = [r for r in rows if r[1] < today]
    due = [r for r in rows if r[1] >= today and r[2] in firms]
    items = []
    for pk, lines in _by_agreement(late):
        other = lines[0][4] if lines[0][2] in firms else lines[0][3]
        items.append(
            Item(
                ngettext(
                    "%(count)d order line late: %(firm)s",
                    "%(count)d order lines late: %(firm)s",
                    len(lines),
                )
                % {"count": len(lines), "firm": other},
                reverse("partnerships:orders", args=[pk]),
                f"partnerships-late-{pk}",
                len(lines),
                urgent=True,
            )
        )
    for pk, lines in _by_agreement(due):
        items.append(
            Item(
                ngettext(
                    "%(count)d order line due this week for %(firm)s",
                    "%(count)d order lines due this week for %(firm)s",
                    len(lines),
                )
                % {"count": len(lines), "firm": lines[0][4]},
                reverse("partnerships:orders", args=[pk]),
                f"partnerships-due-{pk}",
                len(lines),
            )
        )
    return items


def alert_items(user, firms) -> list[Item]:
    """Band drops of the last month: of the firm's own scores, or of the suppliers it scores."""
    since = timezone.now() - timedelta(days=ALERT_DAYS)
    alerts = (
        BandAlert.objects.filter(
            record__in=restrict(ScoreRecord.objects.all(), user), created_at__gte=since
        )
        .filter(Q(record__supplier_id__in=firms) | Q(record__scorecard__buyer_id__in=firms))
        .values_list(
            "pk",
            "record__scorecard__buyer_id",
            "record__supplier_id",
            "record__supplier__name",
            "band__name",
            "band__code",
        )[:SHOWN]
    )
    labels = dict(Band.Default.choices)  # a default band in the reader's language
    return [
        Item(
            _("%(firm)s fell to the band %(band)s")
            % {"firm": name, "band": labels.get(code, band) or "–"},
            reverse("partnerships:score-supplier", args=[buyer, supplier]),
            f"partnerships-band-{pk}",
            urgent=True,
        )
        for pk, buyer, supplier, name, band, code in alerts
    ]


def ending_item(user, today, q=None) -> list[Item]:
    ending = restrict(Partnership.objects.all(), user).in_force()
    if q is not None:
        ending = ending.filter(q)
    count = ending.filter(ends_on__range=(today, today + timedelta(days=ENDING))).count()
    if not count:
        return []
    return [
        Item(
            ngettext(
                "%(count)d agreement ends within %(days)d days",
                "%(count)d agreements end within %(days)d days",
                count,
            )
            % {"count": count, "days": ENDING},
            f"{reverse('partnerships:list')}?ending={ENDING}",
            "partnerships-ending",
            count,
        )
    ]


def coop_items(user, coops) -> list[Item]:
    count = (
        restrict(Partnership.objects.all(), user)
        .filter(status=Partnership.Status.ACTIVE, cooperative_id__in=coops)
        .count()
    )
    if not count:
        return []
    return [
        Item(
            ngettext(
                "%(count)d agreement active through the cooperative",
                "%(count)d agreements active through the cooperative",
                count,
            )
            % {"count": count},
            f"{reverse('partnerships:list')}?status={Partnership.Status.ACTIVE}",
            "partnerships-cooperative",
            count,
        )
    ]


@section("partnerships", heading=gettext_lazy("Orders and partnerships"), order=20)
def partnerships(user, today):
    actor = actor_for(user)
    firms = actor.owned_org_ids - actor.managed_coop_ids
    if actor.is_buyer:
        firms |= actor.org_ids
    coops = actor.managed_coop_ids
    if not (firms or coops or actor.is_officer):
        return None
    items = []
    if firms or coops:
        items += line_items(user, today, firms, coops)
    if firms:
        items += alert_items(user, firms)
    if actor.is_officer:
        items += ending_item(user, today)
    else:
        items += ending_item(
            user,
            today,
            Q(supplier_id__in=firms) | Q(buyer_id__in=firms) | Q(cooperative_id__in=coops),
        )
    if coops:
        items += coop_items(user, coops)
    return items
