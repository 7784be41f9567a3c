"""The 2022 Tegal 5R program: a workshop, baseline and final field audits of the six partner
IKM with photos and corrective actions, and the evaluation on 3 October 2022."""

import io
import random
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from rantai.accounts.models import User
from rantai.five_r import checklists, outcomes, services
from rantai.five_r.models import (
    Activity,
    Attendance,
    Audit,
    CorrectiveAction,
    Participation,
    Photo,
    Program,
    RedTag,
)
from rantai.reference.models import Region

PROGRAM_NAME = "Pendampingan 5R IKM Logam Kabupaten Tegal 2022"
HALL = "Gedung Pertemuan LIK Takaru, Dampyak"
AREAS = [
    "Lantai produksi (pemesinan)",
    "Area press dan fabrikasi",
    "Lantai produksi (pemesinan)",
    "Area las dan perakitan",
    "Area pengecoran dan finishing",
    "Lantai produksi (CNC)",
]
FINDINGS = {
    "ringkas": "Sisa bar stock, skrap dan barang tidak terpakai menumpuk di samping mesin.",
    "rapi": "Alat ukur dan kunci disimpan bercampur di laci tanpa label.",
    "resik": "Geram dan oli berceceran di bawah mesin, belum ada jadwal pembersihan.",
    "rawat": "Belum ada checklist harian mesin dan standar visual di area kerja.",
    "rajin": "Belum ada jadwal 5R dan penanggung jawab area; patroli 5R belum berjalan.",
}
VISIT_TITLES = {
    "baseline": "Pendampingan lapangan (audit awal)",
    "final": "Pendampingan lapangan (audit akhir)",
}
CLOSING = "Sudah diperbaiki: area dirapikan, diberi label dan dimasukkan ke jadwal 5R mingguan."
# (baseline level, final level) per partner: the mean score per item on the 0–4 scale
LEVELS = [(2.0, 3.5), (1.6, 3.1), (1.5, 2.9), (1.3, 2.6), (1.2, 2.5), (1.8, 3.2)]


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def workshop_photo(label: str, tidy: bool, seed: str) -> SimpleUploadedFile:
    """A drawn stand-in for a shop-floor photo: clutter before, order after."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (1200, 900), (176, 180, 178))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 1200, 330), fill=(214, 218, 214))  # wall
    draw.rectangle((80, 120, 420, 520), fill=(70, 96, 110))  # machine
    draw.rectangle((120, 160, 380, 300), fill=(120, 150, 160))
    if tidy:
        draw.line((0, 640, 1200, 640), fill=(235, 200, 40), width=14)  # walkway marking
        for shelf in range(3):
            y = 200 + shelf * 140
            draw.rectangle((620, y, 1120, y + 12), fill=(90, 90, 90))
            for slot in range(5):
                x = 640 + slot * 95
                draw.rectangle((x, y - 70, x + 70, y), fill=(40, 110, 160))
                draw.rectangle((x + 10, y - 40, x + 60, y - 28), fill=(255, 255, 255))
    else:
        for _ in range(40):
            x, y = rng.randint(480, 1150), rng.randint(420, 860)
            w, h = rng.randint(30, 160), rng.randint(10, 60)
            draw.rectangle((x, y, x + w, y + h), fill=(rng.randint(60, 160),) * 3)
        for _ in range(60):
            x, y = rng.randint(60, 500), rng.randint(540, 880)
            draw.ellipse((x, y, x + 14, y + 8), fill=(95, 85, 60))  # chips and oil
    draw.rectangle((0, 820, 1200, 900), fill=(11, 93, 91))
    draw.text((30, 835), label, fill=(255, 255, 255), font=_font(40))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile(f"{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _answers(audit: Audit, items, level: float, rng: random.Random, user) -> None:
    top = audit.template.scale_max
    for item in items:
        if item.allow_na and rng.random() < 0.3:
            services.save_answer(audit=audit, item=item, score=None, not_applicable=True, user=user)
            continue
        score = max(0, min(top, round(rng.gauss(level, 0.8))))
        comment = FINDINGS[item.section.code] if score <= 1 else ""
        services.save_answer(audit=audit, item=item, score=score, comment=comment, user=user)


def _at(day: date, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def load(orgs: dict) -> Program | None:
    if Program.objects.filter(name=PROGRAM_NAME).exists():
        return None
    mentor = User.objects.get(username="pendamping")
    template = checklists.load_default()
    program = Program.objects.create(
        name=PROGRAM_NAME,
        organiser=orgs["ikma"],
        region=Region.objects.get(code="33.28"),
        starts_on=date(2022, 9, 9),
        ends_on=date(2022, 10, 3),
        template=template,
        description="Pendampingan penerapan 5R oleh Kementerian Perindustrian untuk enam IKM logam "
        "di LIK Takaru: pembekalan materi 5R untuk industri manufaktur, pendampingan "
        "lapangan, lalu presentasi dan evaluasi hasil. Tujuannya produktivitas, "
        "efisiensi, efektivitas dan keselamatan kerja.",
    )
    program.mentors.set([mentor])
    partners = orgs["partners"]
    for firm in partners:
        Participation.objects.create(program=program, firm=firm, joined_on=date(2022, 9, 9))
    workshop = Activity.objects.create(
        program=program,
        kind=Activity.Kind.WORKSHOP,
        date=date(2022, 9, 9),
        starts_at=time(8, 30),
        ends_at=time(15, 0),
        place=HALL,
        title="Pembekalan materi 5R untuk industri manufaktur",
        agenda="Pembukaan; konsep 5R (Ringkas, Rapi, Resik, Rawat, Rajin); K3 di bengkel logam; "
        "praktik red tag; penyusunan rencana kerja 5R.",
    )
    evaluation = Activity.objects.create(
        program=program,
        kind=Activity.Kind.EVALUATION,
        date=date(2022, 10, 3),
        starts_at=time(9, 0),
        ends_at=time(12, 0),
        place="Ruang pertemuan LIK Takaru",
        title="Presentasi dan evaluasi hasil pendampingan 5R",
        agenda="Presentasi tiap IKM; evaluasi oleh pendamping; "
        "dilanjutkan penandatanganan kemitraan.",
    )
    items = services.items_of(template)
    for index, firm in enumerate(partners):
        rng = random.Random(f"5r-{index}")
        for activity in (workshop, evaluation):
            Attendance.objects.create(
                activity=activity,
                firm=firm,
                present=True,
                people=rng.randint(2, 4),
                names="Direktur, Kepala Produksi",
            )
        baseline_day = date(2022, 9, 12) + timedelta(days=index % 5)
        final_day = date(2022, 9, 26) + timedelta(days=index % 5)
        for day, kind in ((baseline_day, "baseline"), (final_day, "final")):
            visit = Activity.objects.create(
                program=program,
                kind=Activity.Kind.FIELD_VISIT,
                date=day,
                starts_at=time(9, 0),
                ends_at=time(12, 0),
                place=firm.street_address or firm.name,
                firm=firm,
                mentor=mentor,
                title=VISIT_TITLES[kind],
            )
            Attendance.objects.create(
                activity=visit,
                firm=firm,
                present=True,
                people=rng.randint(3, 8),
                names="Direktur, Kepala Produksi, operator",
            )
        audits = {}
        for phase, day, level in (
            ("baseline", baseline_day, LEVELS[index][0]),
            ("final", final_day, LEVELS[index][1]),
        ):
            audit = services.start_audit(
                firm=firm,
                template=template,
                area=AREAS[index],
                phase=phase,
                program=program,
                date=day,
                auditors=[mentor],
                user=mentor,
            )
            _answers(audit, items, level, rng, mentor)
            outcomes.record(audit=audit, user=mentor, values=_outcomes(phase, index))
            for item_code, tidy, kind in (
                ("RK1", phase == "final", phase == "baseline"),
                ("RS1", phase == "final", phase == "baseline"),
            ):
                item = next(i for i in items if i.code == item_code)
                label = f"{'SESUDAH' if tidy else 'SEBELUM'} · {item.code} · {firm.name[:28]}"
                services.add_photo(
                    upload=workshop_photo(label, tidy, f"{index}-{phase}-{item_code}"),
                    user=mentor,
                    audit=audit,
                    item=item,
                    kind=Photo.Kind.BEFORE if kind else Photo.Kind.AFTER,
                )
            services.submit(audit=audit, user=mentor)
            Audit.objects.filter(pk=audit.pk).update(submitted_at=_at(day))
            audits[phase] = audit
        # Most findings of the baseline were closed before the final audit; a few stay open.
        for number, action in enumerate(audits["baseline"].actions.order_by("pk")):
            action.owner = "Kepala Produksi"
            if number % 4 != 3 or index == 0:  # the first partner closed every finding
                services.update_action(
                    action=action,
                    user=mentor,
                    status=CorrectiveAction.Status.DONE,
                    closing_note=CLOSING,
                )
                CorrectiveAction.objects.filter(pk=action.pk).update(closed_at=_at(final_day, 11))
            else:
                action.action = (
                    "Buat jadwal dan penanggung jawab; periksa ulang pada kunjungan berikut."
                )
                action.save()
        for thing, reason, decision in (
            ("Cetakan (dies) rusak", "Tidak terpakai sejak 2019", "dispose"),
            ("Sisa bar stock Ø 40 mm", "Berlebih, menghalangi jalur", "move"),
            ("Mesin gerinda lama", "Masih dipakai untuk perbaikan", "keep"),
        ):
            RedTag.objects.create(
                firm=firm,
                audit=audits["baseline"],
                area=AREAS[index],
                thing=thing,
                reason=reason,
                decision=decision,
                decided_by="Direktur",
                decided_on=baseline_day + timedelta(days=3),
                tagged_on=baseline_day,
                quantity=rng.randint(1, 12),
            )
    return program


def _outcomes(phase: str, index: int) -> dict[str, list]:
    """What the mentor measured at a partner's baseline or final visit: searching for tools,
    walking and changeovers shrink, space is freed and red-tagged things leave, incidents fall
    and output per labour-hour rises; the partners that improved most (see LEVELS) gain most."""
    rng = random.Random(f"5r-outcomes-{index}-{phase}")
    gain = (LEVELS[index][1] - LEVELS[index][0]) / 1.5  # 0.87–1.0 of the best partner's gain
    if phase == "baseline":
        search = [rng.randint(70, 200) for _ in range(5)]
        return {
            "cari-alat": search,
            "ruang-bebas": ["0"],
            "tag-merah": ["0"],
            "jarak-jalan": [rng.randint(90, 160)],
            "waktu-setup": [rng.randint(45, 95)],
            "insiden": [f"{rng.randint(20, 50) / 10:.1f}"],
            "output-jam-orang": [f"{rng.uniform(4.0, 8.0):.1f}"],
        }
    before = _outcomes("baseline", index)
    return {
        "cari-alat": [
            max(8, round(s * (1 - 0.7 * gain) * rng.uniform(0.8, 1.2))) for s in before["cari-alat"]
        ],
        "ruang-bebas": [f"{rng.uniform(6, 22) * gain:.1f}"],
        "tag-merah": [rng.randint(12, 40)],
        "jarak-jalan": [round(before["jarak-jalan"][0] * (1 - 0.4 * gain))],
        "waktu-setup": [round(before["waktu-setup"][0] * (1 - 0.35 * gain))],
        "insiden": [f"{float(before['insiden'][0]) * (1 - 0.6 * gain):.1f}"],
        "output-jam-orang": [f"{float(before['output-jam-orang'][0]) * (1 + 0.2 * gain):.1f}"],
    }
