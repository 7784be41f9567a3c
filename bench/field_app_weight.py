"""The bytes of the 5R field app (issue 16): ``python bench/field_app_weight.py``.

Builds, in a throw-away SQLite file (``var/field_weight.sqlite3``), a draft audit of the
default checklist with every item answered and commented and ``--photos`` photos, as a mentor
takes it to the field; then fetches through Django's test client what a phone downloads:

- **the first load**: the app's page, its style sheets and scripts, the manifest, the icon, the
  service worker and the list of drafts;
- **a later screen**: opening an audit (its JSON: checklist, answers, photos, indicators).
  Photo thumbnails are listed apart: they come once, as the phone scrolls, and stay cached.

Each is printed uncompressed and gzip-compressed (level 6, as a web server sends it; WhiteNoise
serves the static files pre-compressed), against the budgets: first load ≤ 300 KB and each later
screen ≤ 50 KB compressed (1 KB = 1,000 bytes).
"""

import argparse
import gzip
import os
from datetime import date

from _setup import ROOT, django_setup

FIRST_LOAD_KB = 300
SCREEN_KB = 50
DATABASE = ROOT / "var" / "field_weight.sqlite3"


def build(photos: int):
    from django.contrib.auth import get_user_model

    from rantai.demo.five_r import workshop_photo
    from rantai.firms.models import Firm
    from rantai.five_r import checklists, services
    from rantai.five_r.models import Program

    mentor = get_user_model().objects.create(username="bench.mentor", is_superuser=True)
    template = checklists.load_default()
    agency = Firm.objects.create(
        name="Kementerian Perindustrian", kind="agency", province_id="31", regency_id="31.74"
    )
    firm = Firm.objects.create(
        name="CV Logam Jaya Adiwerna",
        kind="ikm",
        province_id="33",
        regency_id="33.28",
        district_id="33.28.15",
        village_id="33.28.15.1019",
    )
    program = Program.objects.create(
        name="Pendampingan 5R IKM Logam Tegal",
        organiser=agency,
        region_id="33.28",
        starts_on=date(2022, 9, 9),
        ends_on=date(2022, 10, 3),
        template=template,
    )
    audit = services.start_audit(
        firm=firm,
        template=template,
        area="Lantai produksi dan gudang bahan",
        phase="baseline",
        program=program,
        date=date(2022, 9, 12),
        auditors=[mentor],
        user=mentor,
    )
    items = services.items_of(template)
    for n, item in enumerate(items):
        services.save_answer(
            audit=audit,
            item=item,
            user=mentor,
            score=n % 5,
            comment="Sisa potongan plat dan geram masih menumpuk di bawah mesin bubut; "
            "rak perkakas belum berlabel, operator mencari kunci pas 2–3 menit.",
        )
    for p in range(photos):
        services.add_photo(
            upload=workshop_photo(f"Foto {p + 1}", p % 2 == 1, f"w{p}"),
            user=mentor,
            audit=audit,
            item=items[p % len(items)],
        )
    return mentor, audit


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def weigh(rows, label):
    raw = sum(len(body) for _name, body in rows)
    packed = sum(len(gzip.compress(body, 6)) for _name, body in rows)
    print(f"\n{label}")
    for name, body in rows:
        print(
            f"  {name:<46} {len(body) / 1000:8.1f} KB {len(gzip.compress(body, 6)) / 1000:8.1f} KB"
        )
    print(f"  {'total':<46} {raw / 1000:8.1f} KB {packed / 1000:8.1f} KB (gzip)")
    return packed / 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=10)
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["COLLECTED_STATIC"] = "false"  # the source files, as collectstatic copies them
    django_setup()
    from django.contrib.staticfiles import finders
    from django.test import Client
    from django.urls import reverse

    from rantai.five_r.views.field import ASSETS

    mentor, audit = build(args.photos)
    client = Client()
    client.force_login(mentor)
    first = [("page /5r/field/", fetch(client, reverse("five_r:field")))]
    first += [(path, open(finders.find(path), "rb").read()) for path in ASSETS]  # noqa: SIM115
    first += [
        ("manifest", fetch(client, reverse("five_r:field-manifest"))),
        ("service worker", fetch(client, reverse("five_r:field-worker"))),
        ("list of drafts", fetch(client, reverse("five_r:field-audits"))),
    ]
    items = audit.answers.count()
    screen = [
        (
            f"audit ({items} answers, {args.photos} photos)",
            fetch(client, reverse("five_r:field-audit", args=[audit.pk])),
        )
    ]
    thumbs = [
        (f"thumbnail {n + 1}", fetch(client, photo.thumbnail_url))
        for n, photo in enumerate(audit.photos.all())
    ]
    print(f"{'':<48}{'raw':>9}{'gzip':>12}")
    loaded = weigh(first, "First load")
    opened = weigh(screen, "Opening an audit (a later screen)")
    weigh(thumbs, "Photo thumbnails (each once, cached)")
    print(
        f"\nfirst load {loaded:.1f} KB of {FIRST_LOAD_KB} KB: "
        f"{'within' if loaded <= FIRST_LOAD_KB else 'OVER'} budget"
    )
    print(
        f"later screen {opened:.1f} KB of {SCREEN_KB} KB: "
        f"{'within' if opened <= SCREEN_KB else 'OVER'} budget"
    )


if __name__ == "__main__":
    main()
