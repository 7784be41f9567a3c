"""Demo partnerships: the six agreements signed on Monday 3 October 2022 in the meeting room of
LIK Takaru, as the follow-up of the 2021 temu bisnis, and the Astra chain they joined
(PT Astra International as OEM → tier-1 component makers → the Tegal IKM as tier-2)."""

import zlib
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from rantai.accounts.models import User
from rantai.demo.matchmaking import EVENT_NAME, NEEDS, PARTNER_BUYERS
from rantai.five_r.models import Program
from rantai.matchmaking.models import Event, Meeting
from rantai.partnerships import services
from rantai.partnerships.models import Document, Partnership

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
    return made
