"""Audit checklists (templates) as data: import and export as JSON or XLSX, and new versions.

The JSON format (``format: rantai-5r-template``) is documented by ``data/default_template.json``.
The XLSX format has one row per item on the sheet "items" (section, item, texts, weight, N/A,
one criterion per score) and the template's own fields on the sheet "template". Imports are
validated completely before anything is written; a template already used by an audit is never
changed: importing the same code again creates the next version.
"""

import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from rantai.core import spreadsheets
from rantai.five_r.models import AuditTemplate, Item, Section

FORMAT = "rantai-5r-template"
DEFAULT = Path(__file__).resolve().parent / "data" / "default_template.json"
LANGS = ("id", "en")


def _text(value, where: str, required: bool = True) -> dict:
    if isinstance(value, str):
        value = {"id": value, "en": ""}
    if not isinstance(value, dict) or (required and not str(value.get("id", "")).strip()):
        raise ValidationError(_("%(where)s needs an Indonesian text.") % {"where": where})
    return {lang: str(value.get(lang, "") or "").strip() for lang in LANGS}


def validate(data: dict) -> dict:
    """Check a template document and return it cleaned; raise ValidationError listing problems."""
    problems = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not a Rantai 5R checklist file."))
    try:
        scale = data.get("scale") or {}
        low, high = int(scale.get("min", 0)), int(scale.get("max", 4))
        if not 0 <= low < high <= 10:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError(
            _("The scale must run from a lower to a higher whole number.")
        ) from None
    cleaned = {
        "code": str(data.get("code", "")).strip(),
        "name": None,
        "description": None,
        "scale": {"min": low, "max": high, "labels": {}},
        "sections": [],
    }
    if not cleaned["code"]:
        problems.append(_("The checklist needs a code."))
    try:
        cleaned["name"] = _text(data.get("name"), _("The checklist's name"))
        cleaned["description"] = _text(data.get("description") or {}, "", required=False)
        for n in range(low, high + 1):
            cleaned["scale"]["labels"][str(n)] = _text(
                (scale.get("labels") or {}).get(str(n)) or {}, "", required=False
            )
    except ValidationError as exc:
        problems += exc.messages
    sections = data.get("sections") or []
    if not sections:
        problems.append(_("The checklist has no sections."))
    seen_codes = set()
    for s_index, section in enumerate(sections, start=1):
        where = _("Section %(n)d") % {"n": s_index}
        try:
            entry = {
                "code": str(section.get("code", "")).strip(),
                "title": _text(section.get("title"), where),
                "description": _text(section.get("description") or {}, where, required=False),
                "items": [],
            }
            if not entry["code"]:
                problems.append(_("%(where)s needs a code.") % {"where": where})
            for i_index, item in enumerate(section.get("items") or [], start=1):
                item_where = f"{where}, " + _("item %(n)d") % {"n": i_index}
                code = str(item.get("code", "")).strip()
                if not code or code in seen_codes:
                    problems.append(_("%(where)s needs a code of its own.") % {"where": item_where})
                seen_codes.add(code)
                try:
                    weight = Decimal(str(item.get("weight", 1)))
                    if not Decimal("0.01") <= weight <= Decimal("99"):
                        raise InvalidOperation
                except InvalidOperation:
                    problems.append(
                        _("%(where)s: the weight must be a number above 0.") % {"where": item_where}
                    )
                    weight = Decimal(1)
                levels = item.get("levels") or {}
                missing = [
                    str(n) for n in range(low, high + 1) if not _has_text(levels.get(str(n)))
                ]
                if missing:
                    problems.append(
                        _("%(where)s: no criterion for score %(scores)s.")
                        % {"where": item_where, "scores": ", ".join(missing)}
                    )
                entry["items"].append(
                    {
                        "code": code,
                        "text": _text(item.get("text"), item_where),
                        "guidance": _text(item.get("guidance") or {}, item_where, required=False),
                        "weight": weight,
                        "allow_na": bool(item.get("allow_na", False)),
                        "levels": {
                            str(n): _text(levels.get(str(n)) or {}, item_where, required=False)
                            for n in range(low, high + 1)
                        },
                    }
                )
            if not entry["items"]:
                problems.append(_("%(where)s has no items.") % {"where": where})
            cleaned["sections"].append(entry)
        except (ValidationError, AttributeError) as exc:
            problems += getattr(exc, "messages", [_("%(where)s is malformed.") % {"where": where}])
    if problems:
        raise ValidationError(problems)
    return cleaned


def _has_text(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, dict) and bool(str(value.get("id", "")).strip())


@transaction.atomic
def create(data: dict, *, user=None, based_on=None) -> AuditTemplate:
    """Write a validated document as the next version of its code."""
    cleaned = validate(data)
    latest = AuditTemplate.objects.filter(code=cleaned["code"]).aggregate(v=Max("version"))["v"]
    template = AuditTemplate.objects.create(
        code=cleaned["code"],
        version=(latest or 0) + 1,
        name=cleaned["name"]["id"],
        name_en=cleaned["name"]["en"],
        description=cleaned["description"]["id"],
        description_en=cleaned["description"]["en"],
        scale_min=cleaned["scale"]["min"],
        scale_max=cleaned["scale"]["max"],
        scale_labels=cleaned["scale"]["labels"],
        created_by=user,
        based_on=based_on,
    )
    for s_order, section in enumerate(cleaned["sections"]):
        row = Section.objects.create(
            template=template,
            code=section["code"],
            order=s_order,
            title=section["title"]["id"],
            title_en=section["title"]["en"],
            description=section["description"]["id"],
            description_en=section["description"]["en"],
        )
        Item.objects.bulk_create(
            Item(
                section=row,
                code=item["code"],
                order=i_order,
                text=item["text"]["id"],
                text_en=item["text"]["en"],
                guidance=item["guidance"]["id"],
                guidance_en=item["guidance"]["en"],
                weight=item["weight"],
                allow_na=item["allow_na"],
                levels=item["levels"],
            )
            for i_order, item in enumerate(section["items"])
        )
    return template


def as_document(template: AuditTemplate) -> dict:
    return {
        "format": FORMAT,
        "format_version": 1,
        "code": template.code,
        "version": template.version,
        "name": {"id": template.name, "en": template.name_en},
        "description": {"id": template.description, "en": template.description_en},
        "scale": {
            "min": template.scale_min,
            "max": template.scale_max,
            "labels": template.scale_labels,
        },
        "sections": [
            {
                "code": section.code,
                "title": {"id": section.title, "en": section.title_en},
                "description": {"id": section.description, "en": section.description_en},
                "items": [
                    {
                        "code": item.code,
                        "text": {"id": item.text, "en": item.text_en},
                        "guidance": {"id": item.guidance, "en": item.guidance_en},
                        "weight": float(item.weight) if item.weight % 1 else int(item.weight),
                        "allow_na": item.allow_na,
                        "levels": item.levels,
                    }
                    for item in section.items.all()
                ],
            }
            for section in template.sections.prefetch_related("items")
        ],
    }


def to_json(template: AuditTemplate) -> bytes:
    return json.dumps(as_document(template), ensure_ascii=False, indent=2).encode()


def from_json(raw: bytes) -> dict:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("The file is not valid JSON.")) from exc


ITEM_COLUMNS = [
    "section_code",
    "section_id",
    "section_en",
    "section_about_id",
    "section_about_en",
    "item_code",
    "text_id",
    "text_en",
    "guidance_id",
    "guidance_en",
    "weight",
    "allow_na",
]


def to_xlsx(template: AuditTemplate) -> bytes:
    document = as_document(template)
    scores = range(template.scale_min, template.scale_max + 1)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "template"
    spreadsheets.append(sheet, ["field", "id", "en"])
    spreadsheets.append(sheet, ["format", FORMAT, ""])
    spreadsheets.append(sheet, ["code", template.code, ""])
    spreadsheets.append(sheet, ["name", template.name, template.name_en])
    spreadsheets.append(sheet, ["description", template.description, template.description_en])
    spreadsheets.append(sheet, ["scale_min", template.scale_min, ""])
    spreadsheets.append(sheet, ["scale_max", template.scale_max, ""])
    for n in scores:
        label = document["scale"]["labels"].get(str(n), {})
        spreadsheets.append(sheet, [f"label_{n}", label.get("id", ""), label.get("en", "")])
    items = workbook.create_sheet("items")
    spreadsheets.append(
        items, [*ITEM_COLUMNS, *[f"level_{n}_{lang}" for n in scores for lang in LANGS]]
    )
    for section in document["sections"]:
        for item in section["items"]:
            spreadsheets.append(
                items,
                [
                    section["code"],
                    section["title"]["id"],
                    section["title"]["en"],
                    section["description"]["id"],
                    section["description"]["en"],
                    item["code"],
                    item["text"]["id"],
                    item["text"]["en"],
                    item["guidance"]["id"],
                    item["guidance"]["en"],
                    item["weight"],
                    "ya" if item["allow_na"] else "",
                    *[
                        item["levels"].get(str(n), {}).get(lang, "")
                        for n in scores
                        for lang in LANGS
                    ],
                ],
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def from_xlsx(raw: bytes) -> dict:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        fields = {
            row[0]: row[1:]
            for row in workbook["template"].iter_rows(min_row=2, values_only=True)
            if row and row[0]
        }
        rows = list(workbook["items"].iter_rows(values_only=True))
    except Exception as exc:  # a damaged file or missing sheets
        raise ValidationError(_("This is not a readable checklist workbook (.xlsx).")) from exc

    def pair(name):
        values = [("" if v is None else str(v)) for v in (fields.get(name) or ())] + ["", ""]
        return {"id": values[0], "en": values[1]}

    try:
        low, high = int(pair("scale_min")["id"]), int(pair("scale_max")["id"])
    except ValueError:
        raise ValidationError(
            _("The scale must run from a lower to a higher whole number.")
        ) from None
    header = [str(h or "") for h in rows[0]] if rows else []
    sections: dict[str, dict] = {}
    for row in rows[1:]:
        values = dict(zip(header, row, strict=False))
        if not any(values.values()):
            continue
        code = str(values.get("section_code") or "")
        section = sections.setdefault(
            code,
            {
                "code": code,
                "title": {
                    "id": str(values.get("section_id") or ""),
                    "en": str(values.get("section_en") or ""),
                },
                "description": {
                    "id": str(values.get("section_about_id") or ""),
                    "en": str(values.get("section_about_en") or ""),
                },
                "items": [],
            },
        )
        section["items"].append(
            {
                "code": str(values.get("item_code") or ""),
                "text": {
                    "id": str(values.get("text_id") or ""),
                    "en": str(values.get("text_en") or ""),
                },
                "guidance": {
                    "id": str(values.get("guidance_id") or ""),
                    "en": str(values.get("guidance_en") or ""),
                },
                "weight": values.get("weight") or 1,
                "allow_na": str(values.get("allow_na") or "").strip().lower()
                in {"ya", "yes", "true", "1"},
                "levels": {
                    str(n): {lang: str(values.get(f"level_{n}_{lang}") or "") for lang in LANGS}
                    for n in range(low, high + 1)
                },
            }
        )
    return {
        "format": pair("format")["id"],
        "code": pair("code")["id"],
        "name": pair("name"),
        "description": pair("description"),
        "scale": {
            "min": low,
            "max": high,
            "labels": {str(n): pair(f"label_{n}") for n in range(low, high + 1)},
        },
        "sections": list(sections.values()),
    }


def load_default(user=None) -> AuditTemplate:
    """The shipped checklist, created once."""
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    existing = AuditTemplate.objects.filter(code=data["code"]).order_by("version").first()
    return existing or create(data, user=user)


def new_version(template: AuditTemplate, *, user) -> AuditTemplate:
    """A copy to edit; the original stays as it is for the audits that used it."""
    return create(as_document(template), user=user, based_on=template)
