"""Estate figures as XLSX for the regency's report."""

import io

from django.utils.translation import gettext as _


def occupancy_xlsx(estate, now, monthly, vacancies) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Occupancy")[:31]
    bold = Font(bold=True)
    sheet.append([estate.name, now.day])
    sheet["A1"].font = bold
    sheet.append([_("Units"), now.units])
    sheet.append([_("Occupied"), now.occupied, now.rate / 100 if now.rate is not None else None])
    sheet.append(
        [_("Occupied by metal IKM"), now.metal, now.metal_rate / 100 if now.metal_rate else None]
    )
    for row in (3, 4):
        sheet.cell(row=row, column=3).number_format = "0.0%"
    sheet.append([])
    sheet.append([_("Unit type"), _("Units"), _("Occupied")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for code, (units, occupied) in now.by_type.items():
        sheet.append([code, units, occupied])
    sheet.append([])
    sheet.append([_("Tenant's sector (KBLI)"), _("Units occupied")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, count in now.by_sector:
        sheet.append([label, count])
    sheet.column_dimensions["A"].width = 48

    trend = workbook.create_sheet(_("By month")[:31])
    trend.append([_("Month end"), _("Units"), _("Occupied"), _("Occupancy")])
    for cell in trend[1]:
        cell.font = bold
    for day, units, occupied in monthly:
        trend.append([day, units, occupied, occupied / units if units else None])
        trend.cell(row=trend.max_row, column=1).number_format = "DD/MM/YYYY"
        trend.cell(row=trend.max_row, column=4).number_format = "0.0%"

    vacant = workbook.create_sheet(_("Vacant units")[:31])
    vacant.append([_("Unit"), _("Type"), _("Vacant since"), _("Days vacant")])
    for cell in vacant[1]:
        cell.font = bold
    for unit, days in vacancies:
        vacant.append([unit.code, unit.type.code, unit.vacant_since, days])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
