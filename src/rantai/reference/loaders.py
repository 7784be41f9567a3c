"""Load the shipped reference files into their tables.

Each loader takes the model class, so migrations can pass their historical model and the
``load_reference_data`` command the current one. Loading is an upsert: running it again after
the files change updates names and adds new rows without touching anything that points at them.
"""

import csv
from collections.abc import Iterator
from itertools import batched
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 5000


def _rows(filename: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _upsert(model, objects, fields: list[str]) -> int:
    count = 0
    for batch in batched(objects, BATCH):
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["pk"], update_fields=fields
        )
        count += len(batch)
    return count


def load_regions(Region) -> int:
    """Regions in code order, so a parent is always written before its children."""
    objects = (
        Region(
            code=row["kode"],
            name=row["nama"].strip(),
            level=int(row["tingkat"]),
            parent_id=row["kode"].rpartition(".")[0] or None,
        )
        for row in _rows("wilayah.csv")
    )
    return _upsert(Region, objects, ["name", "level", "parent"])


def load_kbli(Kbli) -> int:
    objects = (
        Kbli(code=row["code"], title=row["title_id"], title_en=row["title_en"])
        for row in _rows("kbli2020.csv")
    )
    return _upsert(Kbli, objects, ["title", "title_en"])


def load_processes(Process) -> int:
    objects = (
        Process(
            code=row["code"],
            parent_id=row["parent"] or None,
            name=row["name_id"],
            name_en=row["name_en"],
            sort_order=order,
        )
        for order, row in enumerate(_rows("processes.csv"))
    )
    return _upsert(Process, objects, ["parent", "name", "name_en", "sort_order"])


def load_materials(Material) -> int:
    objects = (
        Material(code=row["code"], name=row["name_id"], name_en=row["name_en"], sort_order=order)
        for order, row in enumerate(_rows("materials.csv"))
    )
    return _upsert(Material, objects, ["name", "name_en", "sort_order"])


def load_all(models) -> dict[str, int]:
    """``models`` maps a model name to its class (current or historical)."""
    return {
        "regions": load_regions(models["Region"]),
        "kbli": load_kbli(models["Kbli"]),
        "processes": load_processes(models["Process"]),
        "materials": load_materials(models["Material"]),
    }
