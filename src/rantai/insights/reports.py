"""The official program report of a region and period, as PDF (WeasyPrint) and XLSX (openpyxl).

Its funnel and key figures come from the same ``funnel.steps`` and ``figures.key_figures`` calls
as the dashboard, so the report and the page never disagree. The tables by program, event and
estate are grouped and counted by the database over the funnel's registered IKM; the annex lists
the firms that reached the mentored, temu bisnis or signed step. The PDF's annex stops at
``ANNEX_LIMIT`` firms (a national report would otherwise run to thousands of pages) and says how
many more the XLSX holds; the XLSX streams them all.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from rantai.core import spreadsheets
from rantai.core.formatting import number, rupiah
from rantai.core.pdf import render_pdf
from rantai.estates.models import Asset, Lease
from rantai.five_r.models import Participation
from rantai.insights import charts, figures, funnel
from rantai.insights.funnel import Filters
from rantai.matchmaking.models import Meeting, Registration
from rantai.partnerships.models import Partnership
from rantai.reference.models import Region

ANNEX_LIMIT = 2000
ANNEX_STEPS = ("mentored", "improved", "at_event", "met", "signed", "performing")
ANNEX_ENTRY = ("mentored", "at_event", "signed")  # a firm reaching one of these is listed


@dataclass
class Report:
    filters: Filters
    region_name: str
    period_label: str
    steps: list
    figures: figures.KeyFigures
    programs: list[dict]
    events: list[dict]
    estates: list[dict]
    fundings: list[str]  # funding source labels, the estate table's cost columns
    summary: list[str]
    generated: object = field(default_factory=timezone.localtime)

    @property
    def step(self) -> dict:
        return {s.key: s for s in self.steps}


def region_name(code: str | None) -> str:
    if not code:
        return _("Indonesia (national)")
    region = Region.objects.filter(code=code).first()
    return region.name if region else code


def period_label(key: figures.KeyFigures, f: Filters) -> str:
    first, last = key.period.first, key.period.last
    if f.year and first == date(f.year, 1, 1) and last == date(f.year, 12, 31):
        return str(f.year)
    return f"{date_format(first, 'DATE_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"


def program_rows(f: Filters) -> list[dict]:
    """Per 5R program of the period: participants in scope, those with a submitted baseline and
    final, and their average gain in points (the same definition and stored scores as the key
    figure)."""

    both = Q(baseline_score__isnull=False, final_score__isnull=False)
    return list(
        Participation.objects.filter(funnel.in_scope(f, "firm"), program__in=funnel._programs(f))
        .values("program_id", "program__name", "program__starts_on", "program__ends_on")
        .annotate(
            participants=Count("pk"),
            with_both=Count("pk", filter=both),
            gain=Avg(F("final_score") - F("baseline_score"), filter=both),
        )
        .order_by("program__starts_on", "program__name")
    )


def event_rows(f: Filters) -> list[dict]:
    """Per temu bisnis of the period with firms in scope: approved firms, meetings that took
    place with one of them, and agreements signed by them that came from the event. Three
    grouped counts over the period's events (the scope as join conditions, not a set of every
    registered firm to probe row by row)."""

    events = list(
        funnel._events(f).order_by("starts_on", "name").values("pk", "name", "starts_on", "ends_on")
    )
    ids = [event["pk"] for event in events]
    firms = dict(
        Registration.objects.filter(
            funnel.in_scope(f, "firm"), event__in=ids, status=Registration.Status.APPROVED
        )
        .order_by()
        .values_list("event")
        .annotate(n=Count("firm", distinct=True))
    )
    meetings = dict(
        Meeting.objects.filter(
            Q(status=Meeting.Status.HELD)
            | Q(status=Meeting.Status.SCHEDULED, slot__starts_at__lt=timezone.now()),
            event__in=ids,
        )
        .filter(
            funnel.in_scope(f, "request__requester__firm")
            | funnel.in_scope(f, "request__recipient__firm")
        )
        .order_by()
        .values_list("event")
        .annotate(n=Count("pk", distinct=True))
    )
    agreements = Partnership.objects.filter(
        funnel.in_scope(f, "supplier"), event__in=ids, status__in=Partnership.SIGNED_STATUSES
    )
    if f.year:
        agreements = agreements.filter(signed_on__year=f.year)
    signed = dict(agreements.order_by().values_list("event").annotate(n=Count("pk")))
    return [
        {
            **event,
            "firm_count": firms[event["pk"]],
            "meeting_count": meetings.get(event["pk"], 0),
            "partnership_count": signed.get(event["pk"], 0),
        }
        for event in events
        if firms.get(event["pk"])
    ]


def estate_rows(f: Filters, day: date) -> tuple[list[dict], list[str]]:
    """Per estate in scope: units, units occupied on ``day`` (the period's end, as the key
    figure) and the facilities' cost by funding source."""

    scope = figures.estates_in(f)
    occupied = (
        Lease.units.through.objects.filter(lease__estate=OuterRef("pk"), lease__starts_on__lte=day)
        .filter(
            Q(lease__ended_on__isnull=True, lease__ends_on__gte=day) | Q(lease__ended_on__gte=day)
        )
        .order_by()
        .values("lease__estate")
        .annotate(n=Count("unit", distinct=True))
        .values("n")[:1]
    )
    rows = list(
        scope.annotate(
            unit_count=Count("units", distinct=True),
            occupied=Coalesce(Subquery(occupied, output_field=IntegerField()), Value(0)),
        )
        .order_by("name")
        .values("pk", "name", "unit_count", "occupied")
    )
    labels = dict(Asset.Funding.choices)
    costs = (
        Asset.objects.filter(estate__in=scope)
        .order_by()
        .values("estate", "funding")
        .annotate(cost=Sum("cost"))
    )
    by_estate: dict = {}
    for row in costs:
        by_estate.setdefault(row["estate"], {})[row["funding"]] = row["cost"]
    used = [value for value in labels if any(value in c for c in by_estate.values())]
    for row in rows:
        row["rate"] = 100 * row["occupied"] / row["unit_count"] if row["unit_count"] else None
        row["costs"] = [by_estate.get(row["pk"], {}).get(value) for value in used]
    return rows, [str(labels[value]) for value in used]


def annex_firms(steps: list):
    """The registered IKM that reached mentored, temu bisnis or signed, with a flag per step
    (``reached_<step>``), by name. Each step is one uncorrelated ``IN`` subquery."""
    by_key = {s.key: s.firms.values("pk") for s in steps}
    entered = Q()
    for key in ANNEX_ENTRY:
        entered |= Q(pk__in=by_key[key])
    flags = {
        f"reached_{key}": Case(
            When(pk__in=by_key[key], then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for key in ANNEX_STEPS
    }
    first = steps[0].firms
    return (
        first.filter(entered)
        .annotate(**flags)
        .select_related("regency", "district")
        .prefetch_related("kbli")
        .order_by("name", "pk")
    )


def _summary(r_name: str, period: str, step: dict, key: figures.KeyFigures) -> list[str]:
    lines = [
        _(
            "In %(region)s, %(registered)s IKM are in the registry for %(period)s. "
            "%(mentored)s took part in 5R mentoring and %(improved)s of them improved their "
            "score from the baseline to the final audit."
        )
        % {
            "region": r_name,
            "period": period,
            "registered": number(step["registered"].count),
            "mentored": number(step["mentored"].count),
            "improved": number(step["improved"].count),
        },
        _(
            "%(at_event)s came to a temu bisnis and %(met)s of them met buyers; "
            "%(signed)s signed a partnership, %(performing)s of which are active and performing."
        )
        % {key_: number(step[key_].count) for key_ in ("at_event", "met", "signed", "performing")},
        _("%(count)s agreements were signed with an estimated value of %(value)s.")
        % {"count": number(key.partnerships.count), "value": rupiah(key.partnerships.value)},
    ]
    if key.delivery.on_time is not None:
        lines.append(
            _("Suppliers in scope delivered %(on_time)s%% of the quantity due on time.")
            % {"on_time": number(key.delivery.on_time, 1)}
        )
    return lines


def report_data(f: Filters, today: date | None = None) -> Report:
    """Every figure and table of the report, computed by aggregate queries."""
    steps = funnel.steps(f)
    key = figures.key_figures(f, today=today)
    name = region_name(f.region)
    period = period_label(key, f)
    estates, fundings = estate_rows(f, key.period.last)
    return Report(
        filters=f,
        region_name=name,
        period_label=period,
        steps=steps,
        figures=key,
        programs=program_rows(f),
        events=event_rows(f),
        estates=estates,
        fundings=fundings,
        summary=_summary(name, period, {s.key: s for s in steps}, key),
    )


def filename(f: Filters, extension: str) -> str:
    region = (f.region or "nasional").replace(".", "")
    year = f.year or timezone.localdate().strftime("%Y%m%d")
    return f"laporan-ikm-{region}-{year}.{extension}"


@contextmanager
def _room_for_large_sets():
    """On PostgreSQL, let the report's queries hash sets of a few hundred thousand firms: with
    the default 4 MB of work_mem the annex's "mentored or at a temu bisnis or signed" fell back
    to re-reading a subquery for every firm (minutes on a million firms; 1.2 s with 64 MB).
    For this connection while the report is made (not in a transaction, so that the job's
    progress stays visible to the page polling it)."""

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '64MB'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET work_mem")


def build_pdf(
    f: Filters, language: str = "id", today: date | None = None, annex_limit: int = ANNEX_LIMIT
) -> bytes:
    with translation.override(language), _room_for_large_sets():
        return pdf_of(report_data(f, today), annex_limit)


def pdf_of(report: Report, annex_limit: int = ANNEX_LIMIT) -> bytes:
    """The PDF of computed figures, in the active language."""
    annex = annex_firms(report.steps)
    firms = list(annex[:annex_limit])
    total = annex.count() if len(firms) == annex_limit else len(firms)
    return render_pdf(
        "insights/report.html",
        {
            "report": report,
            "step": report.step,
            "charts": charts.trend_charts(report.figures),
            "firms": firms,
            "annex_steps": [s for s in report.steps if s.key in ANNEX_STEPS],
            "more": total - len(firms),
            "generated": report.generated,
        },
    )


def build_xlsx(f: Filters, language: str = "id", progress=None, today: date | None = None) -> bytes:
    with translation.override(language), _room_for_large_sets():
        report = report_data(f, today)
        if progress:
            progress(1, 3)
        workbook = _workbook(report)
        if progress:
            progress(2, 3)
        _firms_sheet(workbook, report)
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()


def _workbook(report: Report):
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, header: list | None = None, width: int = 40):
        ws = workbook.create_sheet(title[:31])
        ws.column_dimensions["A"].width = width
        if header:
            ws.append([_bold_cell(ws, value, bold, WriteOnlyCell) for value in header])
        return ws

    k = report.figures
    summary = sheet(_("Summary"), width=60)
    summary.append([_bold_cell(summary, _("IKM development program report"), bold, WriteOnlyCell)])
    spreadsheets.append(summary, [_("Region"), report.region_name, report.filters.region or ""])
    spreadsheets.append(summary, [_("Period"), report.period_label, k.period.first, k.period.last])
    spreadsheets.append(summary, [_("Generated"), report.generated.replace(tzinfo=None)])
    spreadsheets.append(summary, [])
    for line in report.summary:
        spreadsheets.append(summary, [line])

    funnel_ws = sheet(_("Funnel"), [_("Step"), _("Firms"), _("% of the step it follows")])
    for s in report.steps:
        spreadsheets.append(funnel_ws, [s.label, s.count, _round(s.conversion)])

    kf = sheet(_("Key figures"), [_("Figure"), _("Value")], width=50)
    for label, value in (
        (_("Average 5R improvement (points)"), _round(k.improvement.average)),
        (_("Participants with a baseline and a final audit"), k.improvement.firms),
        (_("Partnerships signed"), k.partnerships.count),
        (_("Estimated value (Rp)"), int(k.partnerships.value)),
        (_("On-time delivery (%)"), _round(k.delivery.on_time)),
        (_("Quality (PPM rejected)"), _round(k.delivery.ppm, 0)),
        (_("Estates"), k.estates.estates),
        (_("Units"), k.estates.units),
        (_("Units occupied"), k.estates.occupied),
        (_("Estate occupancy (%)"), _round(k.estates.rate)),
        (_("Facilities"), k.facilities.count),
        (_("Facilities cost (Rp)"), int(k.facilities.cost)),
    ):
        spreadsheets.append(kf, [label, value])
    spreadsheets.append(kf, [])
    spreadsheets.append(kf, [_("Tier"), _("Agreements"), _("Value (Rp)")])
    for tier, n, value in k.partnerships.by_tier:
        spreadsheets.append(kf, [tier, n, int(value)])
    spreadsheets.append(kf, [])
    spreadsheets.append(kf, [_("Buyer"), _("Agreements"), _("Value (Rp)")])
    for buyer, n, value in k.partnerships.by_buyer:
        spreadsheets.append(kf, [buyer, n, int(value)])
    spreadsheets.append(kf, [])
    spreadsheets.append(kf, [_("Funding source"), _("Facilities"), _("Cost (Rp)")])
    for label, n, cost in k.facilities.by_funding:
        spreadsheets.append(kf, [label, n, int(cost)])
    spreadsheets.append(kf, [])
    spreadsheets.append(
        kf,
        [
            _("Year"),
            _("Average 5R improvement (points)"),
            _("Participants"),
            _("Agreements signed"),
            _("Value (Rp)"),
            _("Units"),
            _("Units occupied"),
            _("Facilities cost (Rp)"),
        ],
    )
    signed = {year: (n, value) for year, n, value in k.partnerships.by_year}
    occupancy = {year: (units, occupied) for year, units, occupied in k.estates.by_year}
    costs = dict(k.facilities.by_year)
    for year, gain, n in k.improvement.by_year:
        spreadsheets.append(
            kf,
            [
                year,
                _round(gain),
                n,
                signed.get(year, (0, 0))[0],
                int(signed.get(year, (0, 0))[1]),
                *occupancy.get(year, (None, None)),
                int(costs[year]) if year in costs else None,
            ],
        )
    spreadsheets.append(kf, [])
    spreadsheets.append(kf, [_("Month"), _("On-time delivery (%)"), _("Quality (PPM rejected)")])
    for month, on_time, ppm in k.delivery.by_month:
        spreadsheets.append(kf, [month, _round(on_time), _round(ppm, 0)])

    programs = sheet(
        _("Programs"),
        [
            _("5R program"),
            _("Starts on"),
            _("Ends on"),
            _("Participants"),
            _("With baseline and final"),
            _("Average improvement (points)"),
        ],
    )
    for row in report.programs:
        spreadsheets.append(
            programs,
            [
                row["program__name"],
                row["program__starts_on"],
                row["program__ends_on"],
                row["participants"],
                row["with_both"],
                _round(row["gain"]),
            ],
        )
    events = sheet(
        _("Events"),
        [
            _("Temu bisnis"),
            _("First day"),
            _("Registered firms"),
            _("Meetings held"),
            _("Partnerships from it"),
        ],
    )
    for row in report.events:
        spreadsheets.append(
            events,
            [
                row["name"],
                row["starts_on"],
                row["firm_count"],
                row["meeting_count"],
                row["partnership_count"],
            ],
        )
    estates = sheet(
        _("Estates"),
        [_("Estate"), _("Units"), _("Occupied"), _("Occupancy (%)")]
        + [
            _("Facilities cost (Rp): %(funding)s") % {"funding": label} for label in report.fundings
        ],
    )
    for row in report.estates:
        spreadsheets.append(
            estates,
            [row["name"], row["unit_count"], row["occupied"], _round(row["rate"])]
            + [int(cost) if cost is not None else None for cost in row["costs"]],
        )
    return workbook


def _firms_sheet(workbook, report: Report) -> None:
    ws = workbook.create_sheet(_("Firms")[:31])
    ws.column_dimensions["A"].width = 45
    annex_steps = [s for s in report.steps if s.key in ANNEX_STEPS]
    spreadsheets.append(
        ws,
        [_("Firm"), _("NIB"), _("Regency/city"), _("District"), _("KBLI")]
        + [s.label for s in annex_steps],
    )
    for firm in annex_firms(report.steps).iterator(chunk_size=1000):
        spreadsheets.append(
            ws,
            [
                firm.name,
                firm.nib or "",
                firm.regency.name if firm.regency else "",
                firm.district.name if firm.district else "",
                ", ".join(k.code for k in firm.kbli.all()),
            ]
            + [1 if getattr(firm, f"reached_{s.key}") else 0 for s in annex_steps],
        )


def _bold_cell(ws, value, font, cell_class):
    cell = cell_class(ws, value=value)
    cell.font = font
    return cell


def _round(value, digits: int = 1):
    return round(float(value), digits) if value is not None else None
