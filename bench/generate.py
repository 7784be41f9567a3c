"""Synthetic registry at any scale: ``python bench/generate.py --firms 100000``.

Firms spread over the real villages of Java, with KBLI codes, a line of description, a contact
person, two or three capabilities each, certifications for a fifth of them, and a few users to
measure as. Adds firms until the
database holds ``--firms`` generated ones; running it again with the same number does nothing.
"""

import argparse
import random
import time

from _setup import django_setup

BATCH = 5000
# What a firm says it does, and the positions of the people it names (the search bench looks
# for them).
DOING = ["bubut", "frais", "las", "tempa", "cor", "stamping", "bending", "galvanis", "cat"]
MAKING = ["poros", "bushing", "flens", "baut", "mur", "bracket", "pipa", "roda gigi", "pegas"]
POSITIONS = ["Direktur", "Manajer Produksi", "Manajer Keuangan", "Kepala Gudang", "Admin QC"]


def generate(target: int, seed: int = 7) -> int:
    from django.db import connection, transaction

    from rantai.accounts.models import Membership, Role, User
    from rantai.demo.firms import NAME_WORDS
    from rantai.firms.models import Capability, Certification, Contact, Firm
    from rantai.reference.models import Kbli, Process, Region

    existing = Firm.objects.filter(name__startswith="BENCH ").count()
    rng = random.Random(seed + existing)
    villages = list(
        Region.objects.filter(level=4, code__regex=r"^3[1-6]\.").values_list("code", flat=True)
    )
    kbli = list(Kbli.objects.values_list("code", flat=True))
    processes = list(Process.objects.filter(parent__isnull=False).values_list("code", flat=True))
    words = NAME_WORDS
    KbliThrough = Firm.kbli.through
    made = 0
    while existing + made < target:
        size = min(BATCH, target - existing - made)
        with transaction.atomic():
            firms = []
            for i in range(size):
                n = existing + made + i
                village = rng.choice(villages)
                parts = village.split(".")
                firms.append(
                    Firm(
                        kind=Firm.Kind.IKM if rng.random() < 0.92 else Firm.Kind.LARGE,
                        name=f"BENCH {rng.choice(['CV', 'UD', 'PT'])} {rng.choice(words)} "
                        f"{rng.choice(words)} {n:07d}",
                        nib=f"{8000000000000 + n}",
                        province_id=parts[0],
                        regency_id=".".join(parts[:2]),
                        district_id=".".join(parts[:3]),
                        village_id=village,
                        latitude=round(-6.2 - rng.random() * 1.6, 6),
                        longitude=round(106.0 + rng.random() * 8.0, 6),
                        workforce=rng.randint(1, 400),
                        investment=rng.randint(50, 30000) * 1_000_000,
                        year_founded=rng.randint(1970, 2024),
                        description=f"Jasa {rng.choice(DOING)} dan {rng.choice(DOING)} "
                        f"{rng.choice(MAKING)} untuk otomotif dan alat pertanian",
                    )
                )
            Firm.objects.bulk_create(firms, batch_size=1000)
            KbliThrough.objects.bulk_create(
                [KbliThrough(firm_id=f.pk, kbli_id=rng.choice(kbli)) for f in firms],
                batch_size=2000,
            )
            Contact.objects.bulk_create(
                [Contact(firm_id=f.pk, position=rng.choice(POSITIONS)) for f in firms],
                batch_size=2000,
            )
            Capability.objects.bulk_create(
                [
                    Capability(firm_id=f.pk, process_id=p)
                    for f in firms
                    for p in rng.sample(processes, rng.randint(2, 3))
                ],
                batch_size=2000,
            )
            Certification.objects.bulk_create(
                [
                    Certification(firm_id=f.pk, scheme="iso9001", issuer="Bench")
                    for f in firms
                    if rng.random() < 0.2
                ],
                batch_size=2000,
            )
        made += size
        print(f"  {existing + made:>9,} firms", flush=True)

    # Fresh statistics, as autovacuum would eventually gather, so the planner sees the real sizes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # People to measure as: a national officer and the owner of one generated firm.
    agency, _ = Firm.objects.get_or_create(
        name="BENCH Kementerian",
        defaults={"kind": Firm.Kind.AGENCY, "province_id": "31", "regency_id": "31.74"},
    )
    officer, _ = User.objects.get_or_create(username="bench.officer")
    Membership.objects.get_or_create(user=officer, organisation=agency, role=Role.OFFICER)
    owner, _ = User.objects.get_or_create(username="bench.owner")
    first = Firm.objects.filter(name__startswith="BENCH ").exclude(pk=agency.pk).first()
    Membership.objects.get_or_create(user=owner, organisation=first, role=Role.OWNER)
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=100_000)
    args = parser.parse_args()
    vendor = django_setup()
    start = time.perf_counter()
    made = generate(args.firms)
    print(f"{vendor}: added {made:,} firms in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
