"""Time to render the 5R PDF reports: ``python bench/five_r_reports.py [--firms 50] [--photos 20]``.

Builds (once) a program with ``--firms`` participants, each with a submitted baseline and final
audit of the default checklist, and one audit with ``--photos`` photos; then renders the program
PDF and that audit's PDF ``--runs`` times each and prints the median and the slowest run.
"""

import argparse
import statistics
import time
from datetime import date

from _setup import django_setup

PROGRAM = "BENCH 5R program"


def build(firms: int, photo_count: int):
    import random

    from django.contrib.auth import get_user_model

    from rantai.demo.five_r import workshop_photo
    from rantai.firms.models import Firm
    from rantai.five_r import checklists, services
    from rantai.five_r.models import Participation, Program

    mentor, _ = get_user_model().objects.get_or_create(
        username="bench.mentor", defaults={"is_superuser": True}
    )
    program = Program.objects.filter(name=PROGRAM).first()
    if program and program.participations.count() == firms:
        return program, mentor
    template = checklists.load_default()
    agency, _ = Firm.objects.get_or_create(
        name="BENCH Kementerian",
        defaults={"kind": "agency", "province_id": "31", "regency_id": "31.74"},
    )
    program = Program.objects.create(
        name=PROGRAM,
        organiser=agency,
        region_id="33.28",
        starts_on=date(2022, 9, 9),
        ends_on=date(2022, 10, 3),
        template=template,
    )
    items = services.items_of(template)
    rng = random.Random(5)
    for n in range(firms):
        firm = Firm.objects.create(
            name=f"BENCH IKM 5R {n:03d}",
            kind="ikm",
            province_id="33",
            regency_id="33.28",
            district_id="33.28.15",
            village_id="33.28.15.1019",
        )
        Participation.objects.create(program=program, firm=firm)
        for phase, level in (("baseline", 1.5), ("final", 3.0)):
            audit = services.start_audit(
                firm=firm,
                template=template,
                area="Lantai produksi",
                phase=phase,
                program=program,
                date=date(2022, 9, 20),
                auditors=[mentor],
                user=mentor,
            )
            for item in items:
                services.save_answer(
                    audit=audit,
                    item=item,
                    user=mentor,
                    score=max(0, min(4, round(rng.gauss(level, 0.8)))),
                )
            if n == 0 and phase == "final":
                for p in range(photo_count):
                    services.add_photo(
                        upload=workshop_photo(f"Foto {p + 1}", p % 2 == 1, f"b{p}"),
                        user=mentor,
                        audit=audit,
                        item=items[p % len(items)],
                        kind="after" if p % 2 else "before",
                    )
            services.submit(audit=audit, user=mentor)
    return program, mentor


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=50)
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vendor = django_setup()
    from django.utils import translation

    from rantai.five_r import reports
    from rantai.five_r.models import Audit

    start = time.perf_counter()
    program, mentor = build(args.firms, args.photos)
    print(f"data ready in {time.perf_counter() - start:.1f} s ({vendor})")
    audit = Audit.objects.filter(program=program, photos__isnull=False).distinct().get()
    translation.activate("id")
    for label, render in (
        (f"program PDF, {args.firms} firms", lambda: reports.program_pdf(program, mentor)),
        (f"audit PDF, {audit.photos.count()} photos", lambda: reports.audit_pdf(audit)),
    ):
        timings, size = [], 0
        for _ in range(args.runs):
            began = time.perf_counter()
            size = len(render())
            timings.append(time.perf_counter() - began)
        print(
            f"{label:<28} median {statistics.median(timings):6.2f} s"
            f"   slowest {max(timings):6.2f} s   {size / 1024:,.0f} KiB"
        )


if __name__ == "__main__":
    main()
