"""Demo facilities and assets: what the ministry's DAK grants built at LIK Takaru (54 workshop
units in three phases, the access road, the perimeter wall, the meeting hall, the mineral
center, two shared machines, the drainage), their condition checks and maintenance, and a few
bookings of the shared facilities; and a smaller set for a sentra IKM.

Everything goes through ``rantai.estates.assets``, so the demo obeys the same rules as users.
Bookings are dated from today (a booking cannot start in the past), checks and maintenance
before it. Both loaders do nothing when the estate already has assets."""

import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from rantai.accounts.models import Membership, Role
from rantai.estates import assets
from rantai.estates.models import Asset, Estate, Lease
from rantai.firms.models import Firm

Kind, Funding, Condition = Asset.Kind, Asset.Funding, Asset.Condition

# name, kind, funding, fiscal year, cost (Rp), size or quantity, bookable, description
TAKARU_ASSETS = [
    (
        "Bangunan workshop tahap I (unit A-1–A-4, B-1–B-4, C-1–C-10)",
        Kind.WORKSHOP,
        Funding.DAK,
        2012,
        4_320_000_000,
        "18 unit: 4 tipe A, 4 tipe B, 10 tipe C",
        False,
        "Bangunan workshop baja ringan dan dinding bata, lantai kerja beton bertulang.",
    ),
    (
        "Bangunan workshop tahap II (unit C-11–C-28)",
        Kind.WORKSHOP,
        Funding.DAK,
        2013,
        4_590_000_000,
        "18 unit tipe C",
        False,
        "",
    ),
    (
        "Bangunan workshop tahap III (unit C-29–C-46)",
        Kind.WORKSHOP,
        Funding.DAK,
        2014,
        3_780_000_000,
        "18 unit tipe C",
        False,
        "",
    ),
    (
        "Jalan akses dan jalan lingkungan",
        Kind.ROAD,
        Funding.DAK,
        2015,
        1_465_000_000,
        "1.250 m, rigid beton lebar 6 m",
        False,
        "Jalan masuk dari Jl. Raya Dampyak dan jalan antarblok, dapat dilalui truk 8 ton.",
    ),
    (
        "Pagar keliling kawasan",
        Kind.WALL,
        Funding.DAK,
        2016,
        874_500_000,
        "860 m",
        False,
        "Pagar pasangan bata dengan pilar beton, tinggi 2,4 m, dan dua pintu gerbang.",
    ),
    (
        "Gedung pertemuan LIK Takaru",
        Kind.HALL,
        Funding.DAK,
        2017,
        1_985_000_000,
        "450 m², kapasitas 150 orang",
        True,
        "Aula untuk pelatihan, temu bisnis dan rapat koperasi; proyektor dan pengeras suara.",
    ),
    (
        "Mineral center (gudang bahan baku logam)",
        Kind.MINERAL,
        Funding.DAK,
        2018,
        2_340_000_000,
        "600 m²",
        False,
        "Gudang bersama pelat, pipa dan bar stock; dikelola Koperasi TMI untuk anggotanya.",
    ),
    (
        "Mesin bubut CNC bersama",
        Kind.MACHINE,
        Funding.DAK,
        2019,
        1_148_000_000,
        "1 unit, diameter ayun 500 mm, panjang bubut 1.000 mm",
        True,
        "Mesin bubut CNC 2 sumbu untuk pekerjaan presisi para penyewa; operator dari UPT.",
    ),
    (
        "Mesin press 60 ton bersama",
        Kind.MACHINE,
        Funding.DAK,
        2019,
        684_000_000,
        "1 unit, 60 ton",
        True,
        "Press hidrolik untuk stamping dan blanking pelat sampai 6 mm.",
    ),
    (
        "Saluran drainase kawasan",
        Kind.UTILITY,
        Funding.DAK,
        2021,
        915_000_000,
        "1.450 m, U-ditch 60 cm",
        False,
        "",
    ),
    (
        "Gapura dan pos jaga",
        Kind.OTHER,
        Funding.APBD_REGENCY,
        2020,
        236_000_000,
        "1 gapura, 1 pos",
        False,
        "",
    ),
]
WALL_NOTE = (
    "Retak dan plester mengelupas pada sisi utara sepanjang ±12 m dekat saluran drainase; "
    "perlu diperbaiki sebelum puncak musim hujan."
)
# asset name, days before today, description, cost, done by
TAKARU_MAINTENANCE = [
    (
        "Pagar keliling kawasan",
        1460,
        "Pengecatan ulang pagar dan pintu gerbang.",
        48_500_000,
        "CV Karya Bangun Tegal",
    ),
    (
        "Saluran drainase kawasan",
        75,
        "Normalisasi saluran: pengangkatan sedimen dan sampah sebelum musim hujan.",
        18_750_000,
        "Kerja bakti penyewa dan UPT",
    ),
    (
        "Mesin bubut CNC bersama",
        120,
        "Servis berkala: ganti oli spindle, kalibrasi sumbu X/Z, pembersihan coolant.",
        12_400_000,
        "Teknisi distributor mesin",
    ),
    (
        "Mesin press 60 ton bersama",
        40,
        "Penggantian seal silinder hidrolik dan oli hidrolik.",
        9_850_000,
        "Teknisi UPT LIK Takaru",
    ),
    (
        "Gedung pertemuan LIK Takaru",
        200,
        "Perbaikan talang dan plafon yang bocor di sisi timur.",
        7_200_000,
        "CV Karya Bangun Tegal",
    ),
]

OTHER_ASSETS = [
    (
        "Bangunan sentra (ruang produksi bersama)",
        Kind.WORKSHOP,
        Funding.DAK,
        2016,
        1_250_000_000,
        "6 ruang, 480 m²",
        False,
        "",
    ),
    (
        "Ruang pertemuan sentra",
        Kind.HALL,
        Funding.DAK,
        2017,
        385_000_000,
        "kapasitas 40 orang",
        True,
        "",
    ),
    (
        "Mesin tekuk plat (press brake) bersama",
        Kind.MACHINE,
        Funding.DAK,
        2018,
        515_000_000,
        "1 unit, 40 ton × 2.500 mm",
        True,
        "",
    ),
    (
        "Jalan lingkungan sentra",
        Kind.ROAD,
        Funding.APBD_REGENCY,
        2019,
        310_000_000,
        "380 m paving",
        False,
        "",
    ),
]


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def wall_photo(label: str, seed: str = "pagar") -> SimpleUploadedFile:
    """A drawn stand-in for a field photo of a brick wall with a crack and peeling plaster."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (1200, 900), (150, 190, 220))  # sky
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 620, 1200, 900), fill=(120, 112, 96))  # ground
    draw.rectangle((0, 220, 1200, 640), fill=(205, 200, 188))  # plastered wall
    for pillar in range(0, 1200, 300):
        draw.rectangle((pillar, 190, pillar + 40, 640), fill=(170, 168, 160))
    for _ in range(5):  # plaster gone: bricks show
        x, y = rng.randint(120, 900), rng.randint(260, 520)
        w, h = rng.randint(90, 200), rng.randint(50, 100)
        draw.rectangle((x, y, x + w, y + h), fill=(168, 84, 58))
        for row in range(y, y + h, 20):
            draw.line((x, row, x + w, row), fill=(200, 190, 170), width=2)
    x, y = 560, 230
    while y < 630:  # the crack
        nx, ny = x + rng.randint(-28, 28), y + rng.randint(18, 40)
        draw.line((x, y, nx, ny), fill=(60, 55, 50), width=5)
        x, y = nx, ny
    draw.rectangle((0, 820, 1200, 900), fill=(11, 93, 91))
    draw.text((30, 835), label, fill=(255, 255, 255), font=_font(36))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile(f"{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _manager_user(estate: Estate):
    membership = (
        Membership.objects.active()
        .filter(organisation=estate.manager, role=Role.ESTATE_MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _tenants(estate: Estate) -> list[Firm]:
    """Firms with an active lease on the estate, else the IKM of its village."""
    firms = Firm.objects.alive().order_by("name")
    tenants = list(
        firms.filter(leases__estate=estate, leases__status=Lease.Status.ACTIVE).distinct()[:4]
    )
    if not tenants:
        tenants = list(firms.filter(kind=Firm.Kind.IKM, village_id=estate.village_id)[:4])
    return tenants


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _create(estate: Estate, rows, user) -> dict[str, Asset]:
    made = {}
    for name, kind, funding, year, cost, quantity, bookable, description in rows:
        made[name] = assets.save_asset(
            Asset(
                estate=estate,
                name=name,
                kind=kind,
                funding=funding,
                fiscal_year=year,
                cost=Decimal(cost),
                quantity=quantity,
                bookable=bookable,
                description=description,
            ),
            user=user,
        )
    return made


@transaction.atomic
def load(estate: Estate, today: date | None = None) -> list[Asset]:
    """LIK Takaru's DAK-funded facilities, checks, maintenance and bookings."""
    if estate.assets.exists():
        return []
    today = today or timezone.localdate()
    user = _manager_user(estate)
    made = _create(estate, TAKARU_ASSETS, user)

    checked_on = today - timedelta(days=21)
    for name, asset in made.items():
        if asset.kind == Kind.WALL:
            assets.add_check(
                asset=asset,
                checked_on=checked_on,
                condition=Condition.LIGHT,
                note=WALL_NOTE,
                photo=wall_photo("Pagar keliling sisi utara"),
                user=user,
            )
        else:
            assets.add_check(
                asset=asset,
                checked_on=checked_on,
                condition=Condition.GOOD,
                note="Pemeriksaan rutin semester II." if asset.kind == Kind.WORKSHOP else "",
                user=user,
            )
        if name == "Gedung pertemuan LIK Takaru":  # an older check: the roof leaked, now fixed
            assets.add_check(
                asset=asset,
                checked_on=today - timedelta(days=210),
                condition=Condition.LIGHT,
                note="Plafon sisi timur basah karena talang bocor.",
                user=user,
            )
    for name, days, description, cost, done_by in TAKARU_MAINTENANCE:
        assets.add_maintenance(
            asset=made[name],
            done_on=today - timedelta(days=days),
            description=description,
            cost=Decimal(cost),
            done_by=done_by,
        )

    hall = made["Gedung pertemuan LIK Takaru"]
    press = made["Mesin press 60 ton bersama"]
    cnc = made["Mesin bubut CNC bersama"]
    tenants = _tenants(estate)
    cooperative = (
        Firm.objects.alive()
        .filter(kind=Firm.Kind.COOPERATIVE, village_id=estate.village_id)
        .order_by("name")
        .first()
    ) or estate.manager
    bookings = [
        (hall, estate.manager, 9, 8, 16, "Temu bisnis IKM logam dengan pembeli tier-1"),
        (hall, cooperative, 16, 9, 12, "Lokakarya 5R untuk penyewa LIK Takaru"),
        (hall, cooperative, 30, 13, 16, "Rapat anggota Koperasi TMI"),
    ]
    if tenants:
        bookings.append((press, tenants[0], 3, 8, 12, "Stamping bracket pesanan tier-1"))
        bookings.append((cnc, tenants[-1], 3, 13, 17, "Pembubutan bushing baja, 200 pcs"))
        bookings.append((press, tenants[-1], 10, 8, 15, "Blanking pelat 4 mm"))
    for asset, firm, days, start, end, purpose in bookings:
        day = today + timedelta(days=days)
        assets.book(
            asset=asset,
            firm=firm,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            purpose=purpose,
            user=None,
        )
    return list(made.values())


@transaction.atomic
def load_other(estate: Estate, today: date | None = None) -> list[Asset]:
    """A smaller sentra IKM: a shared building, a meeting room, a shared press brake, a road."""
    if estate.assets.exists():
        return []
    today = today or timezone.localdate()
    user = _manager_user(estate)
    made = _create(estate, OTHER_ASSETS, user)
    for asset in made.values():
        assets.add_check(
            asset=asset,
            checked_on=today - timedelta(days=45),
            condition=Condition.GOOD,
            note="",
            user=user,
        )
    brake = made["Mesin tekuk plat (press brake) bersama"]
    assets.add_maintenance(
        asset=brake,
        done_on=today - timedelta(days=60),
        description="Penyetelan backgauge dan penggantian oli hidrolik.",
        cost=Decimal(4_500_000),
        done_by="Teknisi distributor mesin",
    )
    tenants = _tenants(estate)
    firm = tenants[0] if tenants else estate.manager
    day = today + timedelta(days=5)
    assets.book(
        asset=brake,
        firm=firm,
        starts_at=_at(day, 8),
        ends_at=_at(day, 12),
        purpose="Penekukan panel box, 60 pcs",
        user=None,
    )
    return list(made.values())
