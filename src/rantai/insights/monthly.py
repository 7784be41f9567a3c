"""The monthly report by email: early each month, the officers of every regional remit (province,
regency or district) get the key figures of their region for the year to the end of the previous
month, with the report's PDF attached. A ``MonthlyReport`` row per region and month makes a daily
run send it once. National officers get none: their report is the whole country, made on
request from the dashboard."""

from dataclasses import dataclass
from datetime import date
from functools import partial

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, Role, User
from rantai.core.dates import month_end
from rantai.core.mail import Mail, addresses, notify
from rantai.inbox.models import Notification
from rantai.insights import reports
from rantai.insights.funnel import Filters
from rantai.insights.models import MonthlyReport

# The emailed PDF lists at most this many firms in its annex, so it stays a small attachment.
EMAIL_ANNEX_LIMIT = 300


@dataclass
class Due:
    region: str
    month: date  # first day
    recipients: list[User]  # each is written to in their language


def month_reported(today: date) -> date:
    """The previous month's first day."""
    return today.replace(day=1) - relativedelta(months=1)


def due(today: date | None = None) -> list[Due]:
    """Regions with officers to tell and no report sent yet for the previous month."""
    month = month_reported(today or timezone.localdate())
    officers = (
        Membership.objects.active()
        .filter(role=Role.OFFICER, region__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .exclude(region__in=MonthlyReport.objects.filter(month=month).values("region"))
        .order_by("region_id", "user__email")
        .select_related("user")
    )
    found: dict[str, dict[int, User]] = {}
    for membership in officers:
        found.setdefault(membership.region_id, {})[membership.user_id] = membership.user
    return [Due(region, month, list(users.values())) for region, users in found.items()]


def send_due(today: date | None = None) -> list[MonthlyReport]:
    sent = []
    for item in due(today):
        try:
            # The row and the emails together: if building or sending fails, the row goes too
            # and tomorrow's run tries again; a second worker waits on the row, then skips.
            with transaction.atomic():
                record = MonthlyReport.objects.create(
                    region_id=item.region,
                    month=item.month,
                    recipients=addresses(item.recipients),
                )
                notify(
                    item.recipients,
                    partial(_compose, item),
                    kind=Notification.Kind.MONTHLY_REPORT,
                    url=dashboard_url(item),
                )
        except IntegrityError:
            continue
        sent.append(record)
    return sent


def dashboard_url(item: Due) -> str:
    return f"{reverse('insights:dashboard')}?region={item.region}&year={item.month.year}"


def _compose(item: Due) -> Mail:
    """The report in the active language, its PDF attached (``notify`` calls it per language)."""
    last = month_end(item.month)
    filters = Filters(region=item.region, year=item.month.year)
    report = reports.report_data(filters, today=last)
    pdf = reports.pdf_of(report, annex_limit=EMAIL_ANNEX_LIMIT)
    month = date_format(item.month, "YEAR_MONTH_FORMAT")
    subject = _("Program report for %(region)s, %(month)s") % {
        "region": report.region_name,
        "month": month,
    }
    body = render_to_string(
        "insights/email/monthly_report.txt",
        {
            "report": report,
            "step": report.step,
            "month": month,
            "url": settings.SITE_URL + dashboard_url(item),
        },
    )
    name = f"laporan-ikm-{item.region.replace('.', '')}-{item.month:%Y-%m}.pdf"
    return Mail(subject, body, ((name, pdf, "application/pdf"),))
