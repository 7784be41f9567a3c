"""Demo partnerships: the six agreements signed on Monday 3 October 2022 in the meeting room of
LIK Takaru, as the follow-up of the 2021 temu bisnis, and the Astra chain they joined
(PT Astra International as OEM → tier-1 component makers → the Tegal IKM as tier-2)."""

import random
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from rantai.accounts.models import User
from rantai.demo.matchmaking import EVENT_NAME, NEEDS, PARTNER_BUYERS
from rantai.five_r import checklists
from rantai.five_r import services as five_r
from rantai.five_r.models import Audit, Program
from rantai.matchmaking.models import Event, Meeting
from rantai.partnerships import scorecards, services
from rantai.partnerships.models import Delivery, Document, Order, Partnership

SIGNED_ON = date(2022, 10, 3)
SIGNED_PLACE = "Ruang pertemuan LIK Takaru, Kelurahan Dampyak, Kecamatan Kramat, Kabupaten Tegal"
WITNESSES = [
    {
        "position": "Asisten Perekonomian dan Pembangunan Sekretariat Daerah Kabupaten Tegal",
        "institution": "Pemerintah Kabupaten Tegal",
    },
    {
        "position": "Mewakili Direktur IKM Logam, Mesin, Elektronika dan Alat Angkut",
        "institution": "Direktorat Jenderal IKMA, Kementerian Perindustrian",
    },
]
# OEM → tier-1 links entered directly: the Astra group and the two Central Java buyers.
TIER_ONE = [
    ("astra", "aop", "Komponen otomotif"),
    ("astra", "jpo", "Komponen rangka dan suspensi kendaraan"),
    ("astra", "mku", "Suku cadang sepeda motor"),
]
# Estimated value of each agreement over its period (Rp) and its end date.
TERMS = [
    (Decimal("1250000000"), date(2027, 10, 2)),
    (Decimal("960000000"), date(2027, 10, 2)),
    (Decimal("720000000"), date(2027, 10, 2)),
    (Decimal("845000000"), date(2027, 10, 2)),
    (Decimal("480000000"), date(2026, 12, 31)),
    (Decimal("615000000"), date(2026, 12, 31)),
]

# After its IATF 16949 certification (March 2024), PT Sinergi Mandiri Teknikatama, the first
# partner, also became a tier-2 supplier of PT Astra Otoparts through YDBA: the buyer of the
# demo's ``pembeli.astra``.
ASTRA_SIGNED_ON = date(2024, 6, 10)
ASTRA_TERMS = {
    "number": "PKS/031/AOP-TMI/VI/2024",
    "estimated_value": Decimal("1380000000"),
    "starts_on": date(2024, 7, 1),
    "ends_on": date(2027, 6, 30),
    "signed_on": ASTRA_SIGNED_ON,
    "signed_place": "Kantor Yayasan Dharma Bhakti Astra, Sunter II, Jakarta Utara",
}
ASTRA_WITNESSES = [
    {"position": "Ketua Koperasi TMI", "institution": "Koperasi Tegal Manufaktur Indonesia (TMI)"},
    {"position": "Pembina UMKM", "institution": "Yayasan Dharma Bhakti Astra (YDBA)"},
]


def signed_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF standing in for a scanned signed agreement."""
    text = ["BT /F1 14 Tf 56 780 Td (" + _pdf_text(title) + ") Tj ET"]
    y = 750
    for line in lines:
        text.append(f"BT /F1 10 Tf 56 {y} Td ({_pdf_text(line)}) Tj ET")
        y -= 16
    stream = zlib.compress("\n".join(text).encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _meeting(event: Event, supplier, buyer) -> Meeting | None:
    return (
        Meeting.objects.filter(event=event)
        .filter(request__requester__firm__in=[supplier, buyer])
        .filter(request__recipient__firm__in=[supplier, buyer])
        .first()
    )


@transaction.atomic
def load(orgs: dict) -> list[Partnership]:
    if Partnership.objects.filter(signed_on=SIGNED_ON).exists():
        return []
    for buyer, supplier, commodity in TIER_ONE:
        services.save_link(buyer=orgs[buyer], supplier=orgs[supplier], tier=1, commodity=commodity)
    event = Event.objects.filter(name=EVENT_NAME).first()
    officer = User.objects.filter(username="petugas.tegal").first()
    program = Program.objects.filter(starts_on__year=2022, region_id="33.28").first()
    made = []
    turn = {"jpo": 0, "mku": 0}
    for index, (firm, key) in enumerate(zip(orgs["partners"], PARTNER_BUYERS, strict=True)):
        buyer = orgs[key]
        need = NEEDS[key][turn[key] % len(NEEDS[key])]
        turn[key] += 1
        value, ends_on = TERMS[index]
        meeting = _meeting(event, firm, buyer) if event else None
        partnership = services.save_partnership(
            Partnership(
                number=f"PKS/{index + 17:03d}/{key.upper()}-TMI/X/2022",
                supplier=firm,
                buyer=buyer,
                cooperative=orgs["tmi"],
                officer=officer,
                kind=Partnership.Kind.TIER2,
                scope=f"{need[0]} (kebutuhan ± {need[4]:,} pcs per bulan)".replace(",", "."),
                estimated_value=value,
                starts_on=SIGNED_ON,
                ends_on=ends_on,
                signed_on=SIGNED_ON,
                signed_place=SIGNED_PLACE,
                event=event,
                meeting=meeting,
                program=program,
            ),
            facilitators=[orgs["ikma"], orgs["ydba"]],
            witnesses=WITNESSES,
        )
        pdf = signed_pdf(
            "PERJANJIAN KERJA SAMA KEMITRAAN",
            [
                f"Nomor: {partnership.number}",
                f"Pihak Pertama: {buyer.name}",
                f"Pihak Kedua: {firm.name}",
                "Melalui: Koperasi Tegal Manufaktur Indonesia (TMI)",
                f"Ruang lingkup: {need[0]}",
                "Ditandatangani di LIK Takaru, Tegal, Senin 3 Oktober 2022.",
            ],
        )
        Document.objects.create(
            partnership=partnership,
            kind=Document.Kind.SIGNED,
            title=f"PKS {firm.name} - {buyer.name}",
            file=ContentFile(pdf, name=f"pks-{partnership.pk}.pdf"),
        )
        services.change_status(partnership, Partnership.Status.SIGNED, today=SIGNED_ON)
        services.change_status(partnership, Partnership.Status.ACTIVE, today=SIGNED_ON)
        made.append(partnership)
    made.append(_astra_partnership(orgs, officer))
    return made


def _astra_partnership(orgs: dict, officer) -> Partnership:
    firm, buyer = orgs["partners"][0], orgs["aop"]
    title, _processes, _material, _tolerance, volume = NEEDS["aop"][0]
    partnership = services.save_partnership(
        Partnership(
            supplier=firm,
            buyer=buyer,
            cooperative=orgs["tmi"],
            officer=officer,
            kind=Partnership.Kind.TIER2,
            scope=f"{title} (kebutuhan ± {volume:,} pcs per bulan)".replace(",", "."),
            **ASTRA_TERMS,
        ),
        facilitators=[orgs["ydba"]],
        witnesses=ASTRA_WITNESSES,
    )
    pdf = signed_pdf(
        "PERJANJIAN KERJA SAMA KEMITRAAN",
        [
            f"Nomor: {partnership.number}",
            f"Pihak Pertama: {buyer.name}",
            f"Pihak Kedua: {firm.name}",
            "Melalui: Koperasi Tegal Manufaktur Indonesia (TMI) dan YDBA",
            f"Ruang lingkup: {title}",
            "Ditandatangani di Jakarta, Senin 10 Juni 2024.",
        ],
    )
    Document.objects.create(
        partnership=partnership,
        kind=Document.Kind.SIGNED,
        title=f"PKS {firm.name} - {buyer.name}",
        file=ContentFile(pdf, name=f"pks-{partnership.pk}.pdf"),
    )
    services.change_status(partnership, Partnership.Status.SIGNED, today=ASTRA_SIGNED_ON)
    services.change_status(partnership, Partnership.Status.ACTIVE, today=ASTRA_SIGNED_ON)
    return partnership


# ---- two years of orders and deliveries ------------------------------------------------------

# Per partner IKM (PARTNER_IKM order): the part it supplies, unit price (Rp), pieces per weekly
# line, and its behaviour: share of lines delivered on time, typical reject rate, and the month
# index (0–23) from which it slips (or None): one supplier slips in the last month, so its band
# drops and an alert shows.
SUPPLY = [
    ("Bushing baja suspensi BS-12", 4500, 5000, 0.99, 0.0008, None),
    ("Bracket dudukan mesin BM-3", 12500, 3500, 0.96, 0.002, None),
    ("Pin poros krom PP-6", 3200, 6000, 0.97, 0.0015, 23),
    ("Bracket rangka jok BR-7", 11800, 2000, 0.99, 0.0015, None),
    ("Bushing baja suspensi BS-14", 4700, 2500, 0.95, 0.002, None),
    ("Bracket dudukan mesin BM-5", 13100, 3500, 0.98, 0.001, None),
]
ASTRA_SUPPLY = ("Shaft presisi SP-20", 18500, 3000, 0.98, 0.0005, None)
REJECT_REASONS = [
    "Diameter di luar toleransi",
    "Karat pada permukaan",
    "Burr belum dibersihkan",
    "Lapisan krom mengelupas",
    "Posisi lubang tidak sesuai gambar",
    "Las keropos",
]
SOP_TEMPLATE = {
    "format": "rantai-5r-template",
    "format_version": 1,
    "code": "sop-pemasok-jpo",
    "name": {
        "id": "SOP Pemasok PT Jateng Presisi Otomotif",
        "en": "Supplier SOP of PT Jateng Presisi Otomotif",
    },
    "description": {
        "id": "Pemeriksaan kepatuhan pemasok terhadap SOP mutu dan pengiriman pembeli.",
        "en": "Checks a supplier's compliance with the buyer's quality and delivery SOP.",
    },
    "version": 1,
    "scale": {
        "min": 0,
        "max": 2,
        "labels": {
            "0": {"id": "Tidak sesuai", "en": "Not met"},
            "1": {"id": "Sebagian", "en": "Partly met"},
            "2": {"id": "Sesuai", "en": "Met"},
        },
    },
    "sections": [
        {
            "code": "dokumen",
            "title": {"id": "Dokumen dan ketertelusuran", "en": "Documents and traceability"},
            "items": [
                (
                    "DK1",
                    "Gambar kerja revisi terakhir tersedia di mesin",
                    "Latest drawing at the machine",
                ),
                (
                    "DK2",
                    "Setiap lot diberi label nomor lot dan tanggal produksi",
                    "Every lot labelled",
                ),
            ],
        },
        {
            "code": "mutu",
            "title": {"id": "Inspeksi mutu", "en": "Quality inspection"},
            "items": [
                (
                    "MT1",
                    "Inspeksi awal, tengah dan akhir produksi dicatat",
                    "First, middle, last checks recorded",
                ),
                ("MT2", "Alat ukur terkalibrasi dan berlabel", "Gauges calibrated and labelled"),
                ("MT3", "Produk NG dipisahkan dan diberi tanda merah", "Rejects segregated in red"),
            ],
        },
        {
            "code": "kirim",
            "title": {"id": "Pengemasan dan pengiriman", "en": "Packing and delivery"},
            "items": [
                (
                    "KR1",
                    "Kemasan sesuai standar pembeli (jumlah per boks)",
                    "Packing per the buyer's standard",
                ),
                (
                    "KR2",
                    "Surat jalan dan lembar inspeksi menyertai kiriman",
                    "Delivery note and inspection sheet",
                ),
            ],
        },
    ],
}


def _sop_document() -> dict:
    document = {k: v for k, v in SOP_TEMPLATE.items() if k != "sections"}
    document["sections"] = []
    for section in SOP_TEMPLATE["sections"]:
        items = []
        for code, text_id, text_en in section["items"]:
            items.append(
                {
                    "code": code,
                    "text": {"id": text_id, "en": text_en},
                    "weight": 1,
                    "levels": {
                        "0": {"id": "Tidak dilakukan.", "en": "Not done."},
                        "1": {
                            "id": "Dilakukan sebagian atau tidak rutin.",
                            "en": "Partly or irregularly done.",
                        },
                        "2": {
                            "id": "Dilakukan rutin dan ada buktinya.",
                            "en": "Done routinely, with evidence.",
                        },
                    },
                }
            )
        document["sections"].append(
            {**{k: v for k, v in section.items() if k != "items"}, "items": items}
        )
    return document


# Order lines fall due on these days of each month: up to the 24th, so a line delivered up to
# four days late still arrives within its month, whatever the month's length.
DUE_DAYS = (5, 8, 11, 14, 17, 20, 22, 24)
SETTLED = 7  # days after a month's end by which its last late delivery has arrived


def recent_months(today: date, count: int = 24) -> list[date]:
    """The first days of the ``count`` months of order history: the months before the one that
    was current ``SETTLED`` days ago, so every delivery of the last of them is in the past."""
    settled = today - timedelta(days=SETTLED)
    first = settled.replace(day=1)
    return [first - relativedelta(months=back) for back in range(count, 0, -1)]


def _month_of_orders(partnership, index: int, supply, month_no: int, month: date) -> int:
    """One month of a partner's order lines and deliveries. The month's draws come from a
    generator of its own, seeded by the supplier and the month's place in the history (not its
    date), so the history reads the same whichever day the demo is loaded on."""

    rng = random.Random(f"kemitraan-2022-{index}-{month_no}")
    part, price, weekly, on_time, reject_rate, slips_from = supply
    slipping = slips_from is not None and month_no >= slips_from
    reliability = on_time - (0.3 if slipping else 0.0)
    rejects = reject_rate * (6 if slipping else 1)
    lines = []
    for day in DUE_DAYS:  # twice a week
        quantity = int(round(weekly / 2 * rng.uniform(0.8, 1.2), -1))
        lines.append(
            {
                "part": part,
                "quantity": quantity,
                "unit_price": price,
                "due_on": month.replace(day=day),
            }
        )
    order = services.create_order(
        partnership=partnership,
        number=f"PO/{month:%y%m}/{index + 1:02d}" if index < len(SUPPLY) else f"AOP/{month:%y%m}",
        ordered_on=month - timedelta(days=10),
        lines=lines,
        rescore=False,
    )
    made = 0
    for line in order.lines.order_by("due_on"):
        late = rng.random() > reliability
        total = int(line.quantity)
        if rng.random() < 0.2:  # a partial delivery, the rest a day or two later
            first = int(round(total * rng.uniform(0.5, 0.8), -1))
            parts = [first, total - first]
            gap = rng.randint(1, 2)
        else:
            parts, gap = [total], 0
        if late:
            start = line.due_on + timedelta(days=rng.randint(1, 4) - gap)
            start = max(start, line.due_on + timedelta(days=1 - gap))
        else:
            start = line.due_on - timedelta(days=gap + rng.randint(0, 2))
        for n, quantity in enumerate(parts):
            rejected = 0
            if rng.random() < 0.35:
                rejected = min(quantity, round(quantity * rejects * rng.uniform(0.5, 2.5)))
            Delivery.objects.create(
                line=line,
                partnership=partnership,
                delivered_on=start + timedelta(days=gap * n),
                quantity=quantity,
                rejected=rejected,
                reject_reason=rng.choice(REJECT_REASONS) if rejected else "",
            )
            made += 1
    return made


@transaction.atomic
def load_orders(orgs: dict, today: date | None = None) -> int:
    """24 months of twice-weekly order lines and their deliveries for the six partnerships and
    Astra Otoparts' (from its start), the three buyers' scorecards, JPO's SOP checklist and
    quarterly SOP audits. The history is the 24 months before today (see ``recent_months``).
    Returns deliveries made."""

    if Order.objects.filter(partnership__signed_on=SIGNED_ON).exists():
        return 0
    today = today or timezone.localdate()
    months = recent_months(today)
    made = 0
    partnerships = list(
        Partnership.objects.filter(
            signed_on=SIGNED_ON, supplier__in=orgs["partners"]
        ).select_related("supplier", "buyer")
    )
    by_supplier = {p.supplier_id: p for p in partnerships}
    astra = Partnership.objects.get(signed_on=ASTRA_SIGNED_ON, buyer=orgs["aop"])
    plan = [(by_supplier[f.pk], SUPPLY[i]) for i, f in enumerate(orgs["partners"])]
    for index, (partnership, supply) in enumerate([*plan, (astra, ASTRA_SUPPLY)]):
        for month_no, month in enumerate(months):
            if month >= partnership.starts_on.replace(day=1):
                made += _month_of_orders(partnership, index, supply, month_no, month)
    # Scorecards: JPO checks its SOP on site every quarter.
    template = checklists.create(_sop_document())
    auditor = User.objects.filter(username="pembeli.jpo").first()
    for key in ("jpo", "mku", "aop"):
        card = scorecards.scorecard_for(orgs[key])
        if key == "jpo":
            card.sop_template = template
            card.save()
            for index, firm in enumerate(orgs["partners"]):
                partnership = by_supplier[firm.pk]
                if partnership.buyer_id != orgs["jpo"].pk:
                    continue
                for quarter_no, quarter_start in enumerate(months[::3]):
                    rng = random.Random(f"sop-jpo-{index}-{quarter_no}")
                    audit = five_r.start_audit(
                        firm=partnership.supplier,
                        template=template,
                        area="SOP PT Jateng Presisi Otomotif",
                        phase="interim",
                        auditors=[auditor] if auditor else [],
                        date=quarter_start + timedelta(days=14),
                        user=auditor,
                    )
                    items = [i for s in template.sections.all() for i in s.items.all()]
                    for item in items:
                        five_r.save_answer(
                            audit=audit,
                            item=item,
                            score=rng.choices([0, 1, 2], weights=[1, 3, 8])[0],
                            comment="",
                            user=auditor,
                        )
                    five_r.submit(audit=audit, user=auditor)
                    Audit.objects.filter(pk=audit.pk).update(
                        submitted_at=timezone.make_aware(datetime.combine(audit.date, time(14)))
                    )
        scorecards.compute(card, as_of=today, notify=False)
    return made
