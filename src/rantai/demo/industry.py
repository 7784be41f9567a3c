"""Annual industry data (the SIINas fields) of the demo's metal IKM in Kabupaten Tegal, 2023–2025.

Figures follow each firm's registry entry: the 2025 workforce and investment are the firm's own,
earlier years a little smaller; production value is close to the firm's annual sales; raw
materials are what its processes use (SPCC sheet for stamping, S45C bar for turning, angle iron,
pipe, electrodes and paint for fabrication …) at 2025 market prices, worth about half of the
production value. Every firm draws from its own seeded generator, so loading twice changes
nothing and the figures never depend on what else the database holds."""

import random
from decimal import Decimal

from django.db import transaction

from rantai.firms import services
from rantai.firms.models import Firm, IndustryYear

YEARS = (2023, 2024, 2025)
TEGAL = "33.28"

# name, unit, price per unit in Rp (2025), chance it is imported
MATERIALS = {
    "spcc": ("Plat baja SPCC 1,2 mm", "kg", 15_500, 0.4),
    "sphc": ("Plat baja SPHC 3,2 mm", "kg", 13_000, 0.0),
    "s45c": ("Baja as S45C", "kg", 21_000, 0.5),
    "st37": ("Besi as ST37", "kg", 14_500, 0.0),
    "angle": ("Besi siku 40×40×4 mm (6 m)", "bar", 185_000, 0.0),
    "pipe": ("Pipa besi 1 inci (6 m)", "bar", 145_000, 0.0),
    "electrode": ("Elektroda las E6013", "kg", 34_000, 0.0),
    "mig_wire": ("Kawat las MIG ER70S-6", "kg", 38_000, 0.6),
    "paint": ("Cat dasar dan cat akhir", "litre", 78_000, 0.0),
    "powder": ("Cat bubuk (powder coating)", "kg", 95_000, 0.0),
    "scrap": ("Besi tuang bekas (skrap)", "kg", 7_500, 0.0),
    "sand": ("Pasir cetak silika", "tonne", 1_100_000, 0.0),
    "nickel": ("Anoda nikel", "kg", 420_000, 1.0),
    "stainless": ("Plat stainless SUS 304 0,8 mm", "kg", 52_000, 0.7),
}
BY_PROCESS = {
    "turning": ["s45c", "st37"],
    "cnc-turning": ["s45c", "st37"],
    "milling": ["s45c"],
    "cnc-milling": ["s45c"],
    "stamping": ["spcc", "sphc"],
    "bending": ["sphc"],
    "shearing": ["sphc"],
    "deep-drawing": ["stainless", "spcc"],
    "spot-welding": ["spcc"],
    "sand-casting": ["scrap", "sand"],
    "structural-steel": ["angle", "pipe"],
    "smaw-welding": ["electrode"],
    "mig-welding": ["mig_wire"],
    "sheet-metal": ["sphc", "pipe"],
    "electroplating": ["nickel"],
    "spray-painting": ["paint"],
    "powder-coating": ["powder"],
    "forging": ["st37"],
}
HEAT = {"sand-casting", "electroplating", "hardening", "forging"}  # more electricity
FLAME = {"sand-casting", "hardening", "forging", "spray-painting", "powder-coating"}  # LPG
PRODUCTS = {
    "25920": "Komponen bubut dan frais (bushing, shaft, pin)",
    "29300": "Komponen kendaraan bermotor roda empat",
    "25910": "Komponen press (bracket, dudukan, plat penguat)",
    "24310": "Barang cor besi (pulley, rumah pompa)",
    "25111": "Konstruksi baja (rangka, kanopi, tangga)",
    "25992": "Peralatan dapur dari logam",
    "28210": "Mesin dan alat pertanian",
    "30912": "Suku cadang sepeda motor",
    "25931": "Perkakas tangan hasil tempa",
}


def _round(value: float, digits: int) -> int:
    return int(round(value, digits))


def _materials(processes: list[str], budget: int, rng: random.Random) -> list[dict]:
    keys = list(dict.fromkeys(k for p in processes for k in BY_PROCESS.get(p, [])))[:4] or ["st37"]
    # The main materials share the budget, the first the most; every workshop also welds and
    # paints a little (consumables: a few per cent).
    shares = {key: rng.uniform(0.5, 1.5) * (3 if i == 0 else 1) for i, key in enumerate(keys)}
    main = sum(shares.values())
    extras = {k: rng.uniform(0.02, 0.05) for k in ("electrode", "paint") if k not in shares}
    shares = {k: v / main * (1 - sum(extras.values())) for k, v in shares.items()} | extras
    lines = []
    for key, share in shares.items():
        name, unit, price, imported = MATERIALS[key]
        quantity = max(1, _round(budget * share / price, 0))
        lines.append(
            {
                "name": name,
                "origin": "imported" if rng.random() < imported else "domestic",
                "quantity": Decimal(quantity),
                "unit": unit,
                "value": quantity * price,
            }
        )
    return lines


def _years(firm: Firm, processes: list[str], rng: random.Random) -> list[tuple[dict, list]]:
    growth = rng.uniform(0.03, 0.12)
    sales = firm.annual_sales or firm.investment * 2
    capacity = firm.annual_capacity or 50_000
    kbli = [k.code for k in firm.kbli.all()]
    product = PRODUCTS.get(kbli[0] if kbli else "", PRODUCTS["25920"])
    female_share = rng.uniform(0.08, 0.2)
    records = []
    investment, workers = firm.investment, firm.workforce
    for back, year in enumerate(reversed(YEARS)):
        scale = (1 + growth) ** -back
        year_capacity = _round(capacity * scale**0.5, -2)
        production = _round(year_capacity * rng.uniform(0.55, 0.85), -2)
        price = sales * rng.uniform(0.9, 1.0) / (capacity * 0.7) / 1.03**back
        value = _round(production * price, -3)
        female = _round(workers * female_share, 0)
        heavy = 1.8 if HEAT & set(processes) else 1.0
        records.append(
            (
                {
                    "year": year,
                    "investment": investment,
                    "product": product,
                    "installed_capacity": year_capacity,
                    "capacity_unit": Firm.CapacityUnit.PIECE,
                    "production": production,
                    "production_value": value,
                    "workers_male": workers - female,
                    "workers_female": female,
                    "electricity_kwh": _round(
                        (6_000 + workers * rng.uniform(1_400, 2_400)) * heavy, -2
                    ),
                    "fuel_litres": _round(rng.uniform(300, 2_500), -1),
                    "lpg_kg": 12 * rng.randint(20, 80) if FLAME & set(processes) else 0,
                    "natural_gas_m3": 0,  # no gas network at the workshops
                },
                _materials(processes, _round(value * rng.uniform(0.45, 0.6), 0), rng),
            )
        )
        investment = _round(investment * rng.uniform(0.85, 0.97), -6)
        workers = max(3, workers - rng.randint(0, 2))
    return records


@transaction.atomic
def load(*, seed: int = 2022) -> int:
    """The data of every metal IKM in Kabupaten Tegal that has workforce and investment;
    returns how many years were added."""
    firms = (
        Firm.objects.alive()
        .filter(kind=Firm.Kind.IKM, regency_id=TEGAL)
        .exclude(workforce__isnull=True)
        .exclude(investment__isnull=True)
        .prefetch_related("kbli", "capabilities")
        .order_by("name")
    )
    added = 0
    for firm in firms:
        rng = random.Random(f"{seed}-industry-{firm.name}")
        processes = [c.process_id for c in firm.capabilities.all()]
        for fields, materials in _years(firm, processes, rng):
            if IndustryYear.objects.filter(firm=firm, year=fields["year"]).exists():
                continue
            services.save_industry_year(year=IndustryYear(firm=firm, **fields), materials=materials)
            added += 1
    return added
