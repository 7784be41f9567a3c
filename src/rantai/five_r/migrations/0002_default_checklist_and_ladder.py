"""The shipped 5R checklist for metal workshops and a default readiness ladder.

Written with the migration's own (historical) models, so it keeps working as the models change.
An administrator edits the ladder in the admin; the checklist changes by importing new versions.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CHECKLIST = Path(__file__).resolve().parents[1] / "data" / "default_template.json"

LADDER = [
    dict(order=1, code="pemula", name="Pemula", name_en="Beginner",
         description="Baru memulai 5R; belum ada audit akhir yang memenuhi syarat tingkat madya.",
         description_en="Starting out with 5R; no final audit meets the intermediate level yet."),
    dict(order=2, code="madya", name="Madya", name_en="Intermediate",
         description="5R berjalan di area produksi dan temuan utama sedang ditindaklanjuti.",
         description_en="5R runs on the shop floor and the main findings are being acted on.",
         min_overall=Decimal("60"), min_each_section=Decimal("40"), max_open_actions=10),
    dict(order=3, code="mandiri", name="Mandiri – siap tier-2", name_en="Self-reliant – ready for tier 2",
         description="5R terpelihara tanpa pendampingan, tindakan perbaikan tuntas tepat waktu dan "
                     "mutu tersertifikasi: siap memasok industri besar sebagai pemasok tier-2.",
         description_en="5R is sustained without mentoring, corrective actions are closed on time "
                        "and quality is certified: ready to supply large industry as a tier-2 supplier.",
         min_overall=Decimal("80"), min_each_section=Decimal("65"), max_open_actions=3,
         max_overdue_actions=0, certification="iso9001"),
]


def load(apps, schema_editor):
    AuditTemplate = apps.get_model("five_r", "AuditTemplate")
    Section = apps.get_model("five_r", "Section")
    Item = apps.get_model("five_r", "Item")
    ReadinessLevel = apps.get_model("five_r", "ReadinessLevel")
    data = json.loads(CHECKLIST.read_text(encoding="utf-8"))
    if not AuditTemplate.objects.filter(code=data["code"]).exists():
        template = AuditTemplate.objects.create(
            code=data["code"], version=data.get("version", 1),
            name=data["name"]["id"], name_en=data["name"]["en"],
            description=data["description"]["id"], description_en=data["description"]["en"],
            scale_min=data["scale"]["min"], scale_max=data["scale"]["max"],
            scale_labels=data["scale"]["labels"],
        )
        for s_order, section in enumerate(data["sections"]):
            row = Section.objects.create(
                template=template, code=section["code"], order=s_order,
                title=section["title"]["id"], title_en=section["title"]["en"],
                description=section.get("description", {}).get("id", ""),
                description_en=section.get("description", {}).get("en", ""),
            )
            for i_order, item in enumerate(section["items"]):
                Item.objects.create(
                    section=row, code=item["code"], order=i_order,
                    text=item["text"]["id"], text_en=item["text"]["en"],
                    guidance=item["guidance"]["id"], guidance_en=item["guidance"]["en"],
                    weight=Decimal(str(item["weight"])), allow_na=item["allow_na"],
                    levels=item["levels"],
                )
    if not ReadinessLevel.objects.exists():
        for level in LADDER:
            ReadinessLevel.objects.create(**level)


class Migration(migrations.Migration):
    dependencies = [("five_r", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
