"""The partnership register as XLSX, and a PDF summary for officials (WeasyPrint)."""

import io
from collections import Counter, defaultdict
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rantai.core import spreadsheets
from rantai.core.pdf import render_pdf
from rantai.partnerships.filters import PartnershipFilterSet
from rantai.partnerships.models import Partnership


def filtered(user, query: str):
    queryset = Partnership.objects.restrict(user).select_related(
        "supplier__regency", "supplier__district", "buyer", "cooperative", "event"
    )
    filterset = PartnershipFilterSet(QueryDict(query), queryset=queryset)
    return filterset.qs.order_by("-signed_on", "supplier__name").prefetch_related(
        "facilitators", "witnesses"
    )


def columns() -> list[str]:
    return [
        _("Number"),
        _("Supplier"),
        _("Regency/city"),
        _("District"),
        _("Buyer"),
        _("Type"),
        _("Supplier tier"),
        _("Scope"),
        _("Estimated value (Rp)"),
        _("Starts on"),
        _("Ends on"),
        _("Signed on"),
        _("Signed at"),
        _("Status"),
        _("Cooperative"),
        _("Facilitators"),
        _("Witnesses"),
        _("Temu bisnis"),
    ]


def row(p: Partnership) -> list:
    return [
        p.number,
        p.supplier.name,
        p.supplier.regency.name if p.supplier.regency else "",
        p.supplier.district.name if p.supplier.district else "",
        p.buyer.name,
        p.get_kind_display(),
        p.tier,
        p.scope,
        int(p.estimated_value) if p.estimated_value is not None else None,
        p.starts_on,
        p.ends_on,
        p.signed_on,
        p.signed_place,
        p.get_status_display(),
        p.cooperative.name if p.cooperative else "",
        ", ".join(f.name for f in p.facilitators.all()),
        "; ".join(str(w) for w in p.witnesses.all()),
        p.event.name if p.event else "",
    ]


def register_xlsx(user, query: str, progress=None) -> bytes:
    partnerships = filtered(user, query)
    total = partnerships.count()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Partnerships")[:31]
    spreadsheets.append(sheet, columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, partnership in enumerate(partnerships.iterator(chunk_size=500), start=1):
        spreadsheets.append(sheet, row(partnership))
        if progress and index % 200 == 0:
            progress(index, total)
    for column in ("J", "K", "L"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    for cell in sheet["I"][1:]:
        cell.number_format = "#,##0"
    sheet.freeze_panes = "B2"
    summary = workbook.create_sheet(_("Summary")[:31])
    figures = summary_figures(partnerships)
    spreadsheets.append(summary, [_("Status"), _("Agreements"), _("Estimated value (Rp)")])
    for label, count, value in figures["by_status"]:
        spreadsheets.append(summary, [label, count, value])
    spreadsheets.append(summary, [])
    spreadsheets.append(summary, [_("Buyer"), _("Agreements"), _("Estimated value (Rp)")])
    for label, count, value in figures["by_buyer"]:
        spreadsheets.append(summary, [label, count, value])
    if progress:
        progress(total, total)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def summary_figures(partnerships) -> dict:
    """Counts and values by status, buyer, tier and the supplier's regency, in one pass."""
    by = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    status_labels = dict(Partnership.Status.choices)
    regencies = Counter()
    for p in partnerships:
        value = p.estimated_value or Decimal(0)
        for key, label in (
            ("by_status", str(status_labels[p.status])),
            ("by_buyer", p.buyer.name),
            ("by_tier", _("tier-%(n)d") % {"n": p.tier} if p.tier else "—"),
        ):
            by[key][label][0] += 1
            by[key][label][1] += value
        regencies[p.supplier.regency.name if p.supplier.regency else "—"] += 1
    result = {
        key: sorted(
            ((label, count, int(value)) for label, (count, value) in by[key].items()),
            key=lambda r: (-r[1], r[0]),
        )
        for key in ("by_status", "by_buyer", "by_tier")
    }
    result["by_regency"] = regencies.most_common()
    result["count"] = sum(c for _, c, _v in result["by_status"])
    result["value"] = sum(v for _, _c, v in result["by_status"])
    return result


def summary_pdf(user, query: str, progress=None) -> bytes:
    partnerships = list(filtered(user, query))
    if progress:
        progress(len(partnerships) // 2, len(partnerships) or 1)
    filters = PartnershipFilterSet(QueryDict(query), queryset=Partnership.objects.none())
    filters.is_valid()
    applied = [
        (str(filters.filters[name].label), str(value))
        for name, value in (filters.form.cleaned_data or {}).items()
        if value not in (None, "", [])
    ]
    return render_pdf(
        "partnerships/report_summary.html",
        {
            "partnerships": partnerships,
            "figures": summary_figures(partnerships),
            "applied": applied,
        },
    )
