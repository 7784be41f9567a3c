"""Official reports: PDF (WeasyPrint) of one audit and of a program, XLSX of program results."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rantai.core import spreadsheets
from rantai.core.pdf import render_pdf
from rantai.five_r import charts, readiness, results, services
from rantai.five_r.models import Audit, Program


def audit_context(audit: Audit) -> dict:
    sections = list(audit.template.sections.prefetch_related("items"))
    answers = {a.item_id: a for a in audit.answers.all()}
    scores = services.compute_scores(audit) if audit.is_draft else None
    section_scores = scores.sections if scores else audit.section_scores
    return {
        "audit": audit,
        "overall": scores.overall if scores else audit.overall_score,
        "sections": [
            (s, section_scores.get(s.code), [(i, answers.get(i.pk)) for i in s.items.all()])
            for s in sections
        ],
        "chart": charts.radar(
            [s.short_label for s in sections],
            [(audit.get_phase_display(), [section_scores.get(s.code) for s in sections])],
        ),
        "photos": audit.photos.filter(action__isnull=True).select_related("item"),
        "actions": audit.actions.select_related("item"),
        "measurements": audit.measurements.select_related("indicator"),
        "red_tags": audit.red_tags.all(),
        "auditors": audit.auditors.all(),
    }


def audit_pdf(audit: Audit) -> bytes:
    return render_pdf("five_r/report_audit.html", audit_context(audit))


def program_context(program: Program, user) -> dict:
    figures = results.program_results(program, user)
    sections = figures.sections
    names = [r.firm.name for r in figures.rows]
    return {
        "program": program,
        "figures": figures,
        "radar": charts.radar(
            [s.short_label for s in sections],
            [
                (_("Baseline"), [figures.mean_section("baseline", s.code) for s in sections]),
                (_("Final"), [figures.mean_section("final", s.code) for s in sections]),
            ],
        ),
        "bars": charts.bars(
            names,
            [
                (
                    _("Baseline"),
                    [r.baseline.overall_score if r.baseline else None for r in figures.rows],
                ),
                (_("Final"), [r.final.overall_score if r.final else None for r in figures.rows]),
            ],
        ),
        "readiness": {r.firm.pk: readiness.assess_firm(r.firm).level for r in figures.rows},
        "activities": program.activities.select_related("firm"),
        "mentors": program.mentors.all(),
    }


def program_pdf(program: Program, user) -> bytes:
    return render_pdf("five_r/report_program.html", program_context(program, user))


def program_xlsx(program: Program, user) -> bytes:
    context = program_context(program, user)
    figures, sections = context["figures"], context["figures"].sections
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    spreadsheets.append(sheet, [program.name])
    period = [date_format(day, "SHORT_DATE_FORMAT") for day in (program.starts_on, program.ends_on)]
    spreadsheets.append(sheet, [" – ".join(period), str(program.region)])
    spreadsheets.append(sheet, [])
    header = [_("Firm"), _("NIB"), _("Baseline (%)"), _("Final (%)"), _("Improvement (points)")]
    header += [f"{s.short_label} {_('baseline')}" for s in sections]
    header += [f"{s.short_label} {_('final')}" for s in sections]
    header += [
        _("Activities attended"),
        _("Activities"),
        _("Actions"),
        _("Actions closed"),
        _("Readiness"),
    ]
    spreadsheets.append(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)

    def num(value):
        return float(value) if value is not None else None

    for row in figures.rows:
        level = context["readiness"].get(row.firm.pk)
        spreadsheets.append(
            sheet,
            [
                row.firm.name,
                row.firm.nib,
                num(row.baseline.overall_score) if row.baseline else None,
                num(row.final.overall_score) if row.final else None,
                num(row.improvement),
                *[
                    num(row.baseline.section_scores.get(s.code)) if row.baseline else None
                    for s in sections
                ],
                *[
                    num(row.final.section_scores.get(s.code)) if row.final else None
                    for s in sections
                ],
                row.attended,
                row.activities,
                row.actions,
                row.actions_closed,
                level.label if level else "",
            ],
        )
    spreadsheets.append(
        sheet,
        [
            _("Average"),
            "",
            num(figures.mean_baseline),
            num(figures.mean_final),
            num(figures.mean_improvement),
        ],
    )
    sheet.column_dimensions["A"].width = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
