"""What needs an estate's managers (arrears, leases ending, offers on the waiting list, today's
bookings, assets due for a check) and a tenant (what its lease owes) (core.workspace)."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.formatting import rupiah
from rantai.core.workspace import Item, section
from rantai.estates import occupancy
from rantai.estates.models import Application, Asset, Booking, Estate, Lease

ENDING = timedelta(days=90)
CHECK_EVERY = timedelta(days=365)  # an asset not looked at for a year is due for a check
SHOWN = 5


def _counted(rows) -> Counter:
    return Counter(dict(rows))


def manager_items(user, today) -> list[Item]:
    estates = dict(
        restrict(Estate.objects.all(), user, "manage").values_list("pk", "name").order_by("name")
    )
    if not estates:
        return []
    leases = restrict(Lease.objects.all(), user, "change").filter(
        estate_id__in=estates, status=Lease.Status.ACTIVE
    )
    arrears = Counter(lease.estate_id for lease, _owed in occupancy.owing(leases, today))
    ending = _counted(
        leases.filter(ends_on__range=(today, today + ENDING))
        .values_list("estate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    offers = _counted(
        restrict(Application.objects.all(), user)
        .filter(estate_id__in=estates, status=Application.Status.OFFERED)
        .values_list("estate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    start = timezone.make_aware(datetime.combine(today, time.min))
    bookings = _counted(
        restrict(Booking.objects.all(), user)
        .filter(
            asset__estate_id__in=estates,
            status=Booking.Status.CONFIRMED,
            starts_at__lt=start + timedelta(days=1),
            ends_at__gt=start,
        )
        .values_list("asset__estate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    checks = _counted(
        restrict(Asset.objects.all(), user, "change")
        .filter(estate_id__in=estates)
        .annotate(last=Max("checks__checked_on"))
        .filter(Q(last__isnull=True) | Q(last__lt=today - CHECK_EVERY))
        .values_list("estate_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    kinds = [
        (
            arrears,
            "arrears",
            "estates:leases",
            "?status=active",
            True,
            lambda n: ngettext("%(count)d lease in arrears", "%(count)d leases in arrears", n),
        ),
        (
            ending,
            "ending",
            "estates:leases",
            "?status=active",
            False,
            lambda n: ngettext(
                "%(count)d lease ends within 90 days", "%(count)d leases end within 90 days", n
            ),
        ),
        (
            offers,
            "offers",
            "estates:waiting",
            "?status=offered",
            False,
            lambda n: ngettext(
                "%(count)d unit offered on the waiting list",
                "%(count)d units offered on the waiting list",
                n,
            ),
        ),
        (
            bookings,
            "bookings",
            "estates:bookings",
            "",
            False,
            lambda n: ngettext("%(count)d booking today", "%(count)d bookings today", n),
        ),
        (
            checks,
            "checks",
            "estates:assets",
            "?sort=last_checked",
            False,
            lambda n: ngettext(
                "%(count)d asset due for a check", "%(count)d assets due for a check", n
            ),
        ),
    ]
    many = len(estates) > 1
    items = []
    for pk, name in estates.items():
        for counts, kind, url_name, query, urgent, text in kinds:
            n = counts.get(pk, 0)
            if not n:
                continue
            label = text(n) % {"count": n}
            items.append(
                Item(
                    f"{name}: {label}" if many else label,
                    f"{reverse(url_name, args=[pk])}{query}",
                    f"estates-{kind}-{pk}",
                    n,
                    urgent=urgent,
                )
            )
    return items


def tenant_items(user, today, firms) -> list[Item]:
    leases = (
        restrict(Lease.objects.all(), user)
        .filter(tenant_id__in=firms, status=Lease.Status.ACTIVE)
        .select_related("estate")
    )
    return [
        Item(
            _("%(amount)s owed on the lease at %(estate)s")
            % {"amount": rupiah(owed), "estate": lease.estate.name},
            reverse("estates:lease", args=[lease.pk]),
            f"estates-owed-{lease.pk}",
            urgent=True,
        )
        for lease, owed in occupancy.owing(leases, today)[:SHOWN]
    ]


@section("estates", heading=gettext_lazy("Estates"), order=40)
def estates(user, today):
    actor = actor_for(user)
    firms = actor.owned_org_ids - actor.managed_coop_ids
    if not (actor.estate_org_ids or firms):
        return None
    items = tenant_items(user, today, firms) if firms else []
    if actor.estate_org_ids:
        items += manager_items(user, today)
    elif not items:
        return None  # a firm without a lease has no estate business
    return items
