"""Estate figures as XLSX for the regency's report."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rantai.core import spreadsheets
from rantai.core.pdf import render_pdf
from rantai.estates import assets, occupancy
from rantai.estates.models import Lease


def occupancy_xlsx(estate, now, monthly, vacancies) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Occupancy")[:31]
    bold = Font(bold=True)
    spreadsheets.append(sheet, [estate.name, now.day])
    sheet["A1"].font = bold
    spreadsheets.append(sheet, [_("Units"), now.units])
    spreadsheets.append(
        sheet, [_("Occupied"), now.occupied, now.rate / 100 if now.rate is not None else None]
    )
    spreadsheets.append(
        sheet,
        [_("Occupied by metal IKM"), now.metal, now.metal_rate / 100 if now.metal_rate else None],
    )
    for row in (3, 4):
        sheet.cell(row=row, column=3).number_format = "0.0%"
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, [_("Unit type"), _("Units"), _("Occupied")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for code, (units, occupied) in now.by_type.items():
        spreadsheets.append(sheet, [code, units, occupied])
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, [_("Tenant's sector (KBLI)"), _("Units occupied")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, count in now.by_sector:
        spreadsheets.append(sheet, [label, count])
    sheet.column_dimensions["A"].width = 48

    trend = workbook.create_sheet(_("By month")[:31])
    spreadsheets.append(trend, [_("Month end"), _("Units"), _("Occupied"), _("Occupancy")])
    for cell in trend[1]:
        cell.font = bold
    for day, units, occupied in monthly:
        spreadsheets.append(trend, [day, units, occupied, occupied / units if units else None])
        trend.cell(row=trend.max_row, column=1).number_format = "DD/MM/YYYY"
        trend.cell(row=trend.max_row, column=4).number_format = "0.0%"

    vacant = workbook.create_sheet(_("Vacant units")[:31])
    spreadsheets.append(vacant, [_("Unit"), _("Type"), _("Vacant since"), _("Days vacant")])
    for cell in vacant[1]:
        cell.font = bold
    for unit, days in vacancies:
        spreadsheets.append(vacant, [unit.code, unit.type.code, unit.vacant_since, days])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_context(estate, day) -> dict:
    """Everything the estate report shows: units with their tenants, occupancy by type and
    sector, assets by funding source and year, and the arrears of active leases."""

    leases = list(
        occupancy.covering(estate, day).select_related("tenant").prefetch_related("units")
    )
    tenant_of = {unit.pk: lease for lease in leases for unit in lease.units.all()}
    units = [
        (unit, tenant_of.get(unit.pk))
        for unit in estate.units.select_related("type").order_by("plan_order", "code")
    ]
    arrears = [
        (lease, occupancy.arrears(lease, day))
        for lease in Lease.objects.filter(estate=estate, status=Lease.Status.ACTIVE)
        .select_related("tenant")
        .order_by("tenant__name")
    ]
    return {
        "estate": estate,
        "day": day,
        "now": occupancy.on(estate, day),
        "units": units,
        "funding": assets.funding_summary(estate),
        "assets": estate.assets.order_by("kind", "name"),
        "arrears": [(lease, a) for lease, a in arrears if a.owed],
        "owed": sum((a.owed for _lease, a in arrears), start=0),
    }


def estate_xlsx(context: dict, progress=None) -> bytes:
    bold = Font(bold=True)
    workbook = Workbook()
    now = context["now"]

    def sheet_with(title: str, header: list):
        sheet = workbook.create_sheet(title[:31])
        spreadsheets.append(sheet, header)
        for cell in sheet[1]:
            cell.font = bold
        return sheet

    summary = workbook.active
    summary.title = _("Summary")[:31]
    spreadsheets.append(summary, [context["estate"].name, context["day"]])
    summary["A1"].font = bold
    spreadsheets.append(summary, [_("Units"), now.units])
    spreadsheets.append(summary, [_("Occupied"), now.occupied])
    spreadsheets.append(summary, [_("Occupied by metal IKM"), now.metal])
    spreadsheets.append(summary, [_("Occupancy"), (now.rate or 0) / 100])
    summary.cell(row=5, column=2).number_format = "0.0%"
    spreadsheets.append(summary, [_("Arrears"), int(context["owed"])])
    summary.column_dimensions["A"].width = 30

    units = sheet_with(
        _("Units"), [_("Unit"), _("Type"), _("Status"), _("Tenant"), _("Lease ends")]
    )
    for unit, lease in context["units"]:
        spreadsheets.append(
            units,
            [
                unit.code,
                unit.type.code,
                unit.get_status_display(),
                lease.tenant.name if lease else "",
                lease.last_day if lease else None,
            ],
        )
    if progress:
        progress(1, 4)
    sectors = sheet_with(_("Occupancy"), [_("Tenant's sector (KBLI)"), _("Units occupied")])
    for label, count in now.by_sector:
        spreadsheets.append(sectors, [label, count])
    spreadsheets.append(sectors, [])
    spreadsheets.append(sectors, [_("Unit type"), _("Units"), _("Occupied")])
    for code, (total, occupied) in now.by_type.items():
        spreadsheets.append(sectors, [code, total, occupied])
    if progress:
        progress(2, 4)
    funding = sheet_with(
        _("Assets"),
        [
            _("Name"),
            _("Kind"),
            _("Funding source"),
            _("Fiscal year"),
            _("Cost (Rp)"),
            _("Condition"),
        ],
    )
    for asset in context["assets"]:
        spreadsheets.append(
            funding,
            [
                asset.name,
                asset.get_kind_display(),
                asset.get_funding_display(),
                asset.fiscal_year,
                int(asset.cost),
                asset.get_condition_display(),
            ],
        )
    spreadsheets.append(funding, [])
    spreadsheets.append(funding, [_("Funding source"), "", "", _("Facilities"), _("Cost (Rp)")])
    for _value, label, total in context["funding"].by_funding:
        spreadsheets.append(funding, [label, "", "", total.count, int(total.cost)])
    if progress:
        progress(3, 4)
    owed = sheet_with(_("Arrears"), [_("Tenant"), _("Monthly fee"), _("Arrears"), _("Months")])
    for lease, arrears in context["arrears"]:
        spreadsheets.append(
            owed,
            [
                lease.tenant.name,
                int(lease.monthly_fee),
                int(arrears.owed),
                arrears.months_behind(lease.monthly_fee),
            ],
        )
    for sheet in workbook.worksheets[1:]:
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def estate_pdf(context: dict) -> bytes:
    return render_pdf("estates/report_estate.html", context)
