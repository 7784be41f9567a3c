"""The 5R start page, the mentor's calendar and the readiness ladder."""

import calendar
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from rantai.core.access import can, restrict
from rantai.core.dates import month_end
from rantai.five_r.models import Activity, Audit, CorrectiveAction, Program, ReadinessLevel


@login_required
def overview(request):
    user = request.user
    audits = Audit.objects.restrict(user, "view").select_related("firm")
    actions = restrict(CorrectiveAction.objects.all(), user, "view").select_related(
        "audit__firm", "item"
    )
    today = timezone.localdate()
    return render(
        request,
        "five_r/overview.html",
        {
            "programs": restrict(Program.objects.all(), user, "view")[:10],
            "drafts": audits.filter(status=Audit.Status.DRAFT)
            .filter(Q(auditors=user) | Q(program__mentors=user))
            .distinct()[:20],
            "recent": audits.filter(status=Audit.Status.SUBMITTED)[:10],
            "overdue": actions.overdue(today)[:8],
            "open_count": actions.open().count(),
            "visits": Activity.objects.filter(mentor=user, date__gte=today).select_related("firm")[
                :5
            ],
            "can_add_program": can(user, "add", model=Program),
            "can_add_audit": can(user, "add", model=Audit),
        },
    )


@login_required
def calendar_view(request):
    """A mentor's field visits (and the group activities of their programs) by month."""
    try:
        year, month = map(int, request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = timezone.localdate().replace(day=1)
    last = month_end(first)
    user = request.user
    activities = (
        Activity.objects.filter(date__range=(first, last))
        .filter(
            Q(mentor=user)
            | Q(program__mentors=user, firm__isnull=True)
            | Q(program__in=restrict(Program.objects.all(), user, "change"))
        )
        .select_related("program", "firm")
        .distinct()
        .order_by("date", "starts_at")
    )
    by_day: dict[int, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(activity.date.day, []).append(activity)
    weeks = [
        [(d, by_day.get(d, [])) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
    ]
    previous = (first.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    following = last + timezone.timedelta(days=1)
    return render(
        request,
        "five_r/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "activities": activities,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "weekdays": [date(2024, 1, d) for d in range(1, 8)],  # a Monday-first week
        },
    )


@login_required
def ladder(request):
    return render(request, "five_r/ladder.html", {"levels": ReadinessLevel.objects.all()})
