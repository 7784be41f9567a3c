"""Backup and restore (core.backup, manage.py backup / restore) on the suite's database: SQLite
by default, PostgreSQL with DATABASE_URL. Restore replaces the whole database, so these tests
run outside a transaction; the uploads go to a folder of their own."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from rantai.core import backup
from rantai.five_r import services as five_r
from rantai.five_r.models import Audit, Photo
from rantai.partnerships.models import Document
from tests.factories import AuditFactory, FirmFactory, PartnershipFactory
from tests.five_r.conftest import jpeg, make_program

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data(world):
    """A 5R audit with a photo (and its thumbnail) and a signed partnership with its PDF."""
    program = make_program(world).program
    audit = AuditFactory(
        firm=world.firm_a, program=program, auditors=[world.user("mentor")], area="Gudang"
    )
    five_r.add_photo(upload=jpeg(), user=world.user("mentor"), audit=audit, kind=Photo.Kind.BEFORE)
    PartnershipFactory(supplier=world.firm_a, signed=True)
    assert len(files()) == 3
    return world


@pytest.fixture
def archive(data, tmp_path) -> Path:
    call_command("backup", output=tmp_path / "rantai.tar")
    return tmp_path / "rantai.tar"


def tables() -> dict[str, list]:
    """Every table's rows in primary-key order."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            key = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"')
            found[table] = cursor.fetchall()
    return found


def files() -> dict[str, bytes]:
    found = {}
    for name in backup.storage_names(default_storage):
        with default_storage.open(name) as stream:
            found[name] = stream.read()
    return found


def wipe():
    call_command("flush", interactive=False)  # tests/support: keeps the reference data
    for name in list(backup.storage_names(default_storage)):
        default_storage.delete(name)


def restore(path, **options):
    with translation.override("en"):
        call_command("restore", str(path), **options)


def test_the_archive_holds_the_database_and_every_file_with_a_manifest(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        dump = tar.extractfile(manifest["database"]["member"]).read()
    database = manifest["database"]
    assert manifest["format"] == 1
    assert manifest["rantai_version"] == "0.1.0"
    assert manifest["created_at"].startswith("2026-06-15T03:00")  # the pinned clock, in UTC
    assert database["vendor"] == connection.vendor
    assert database["sha256"] == hashlib.sha256(dump).hexdigest()
    applied = MigrationRecorder(connection).applied_migrations()
    assert database["migrations"]["five_r"] == max(n for app, n in applied if app == "five_r")
    audit_table = Audit._meta.db_table
    assert database["rows"][audit_table] == 1
    assert database["rows"][Audit.auditors.through._meta.db_table] == 1  # m2m
    assert database["rows"][Audit.history.model._meta.db_table] >= 1  # history
    assert database["rows"]["reference_region"] == 91599
    stored = files()
    assert {entry["name"] for entry in manifest["files"]} == set(stored)
    for entry in manifest["files"]:
        assert entry["size"] == len(stored[entry["name"]])
        assert entry["sha256"] == hashlib.sha256(stored[entry["name"]]).hexdigest()
    assert sorted(names) == sorted(
        ["manifest.json", database["member"], *(f"media/{name}" for name in stored)]
    )


def test_a_restore_gives_back_every_row_and_every_file(archive):
    before_tables, before_files = tables(), files()
    wipe()
    assert not Document.objects.exists() and files() == {}
    restore(archive)
    assert tables() == before_tables
    assert files() == before_files
    photo = Photo.objects.get()
    assert photo.image.read() == before_files[photo.image.name]


def test_a_database_that_is_not_empty_is_refused_and_nothing_changes(archive):
    FirmFactory(name="CV Dibuat Setelah Cadangan")
    before_tables, before_files = tables(), files()
    with pytest.raises(CommandError, match=r"not empty.*--force"):
        restore(archive)
    assert tables() == before_tables
    assert files() == before_files


def test_files_left_in_the_storage_are_refused_too(archive):
    wipe()
    default_storage.save("five_r/photos/stray.jpg", ContentFile(b"not from the backup"))
    before_tables = tables()
    with pytest.raises(CommandError, match="not empty"):
        restore(archive)
    assert tables() == before_tables
    assert files() == {"five_r/photos/stray.jpg": b"not from the backup"}


def test_force_replaces_the_contents(archive):
    before_tables, before_files = tables(), files()
    FirmFactory(name="CV Dibuat Setelah Cadangan")
    Document.objects.get().file.delete()
    default_storage.save("stray.txt", ContentFile(b"not from the backup"))
    restore(archive, force=True)
    assert tables() == before_tables
    assert files() == before_files


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with each member's bytes passed through ``change(name, data)``
    (None leaves the member out)."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


def _flip_a_byte_of_the_dump(name, data):
    if name.startswith("database."):
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    return data


def _other_vendor(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        vendor = manifest["database"]["vendor"]
        manifest["database"]["vendor"] = "sqlite" if vendor == "postgresql" else "postgresql"
        return json.dumps(manifest).encode()
    return data


def _truncate(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda a, t: _rewrite(a, t, _flip_a_byte_of_the_dump), r"database\.\w+ .* damaged"),
        (
            lambda a, t: _rewrite(a, t, lambda n, d: None if n == "manifest.json" else d),
            "no manifest.json",
        ),
        (_truncate, "cannot be read|damaged|do not match"),
        (lambda a, t: _rewrite(a, t, _other_vendor), "holds a .* database; this installation"),
        (
            lambda a, t: _rewrite(a, t, lambda n, d: b"{" if n == "manifest.json" else d),
            "not a manifest",
        ),
    ],
    ids=["flipped byte", "no manifest", "truncated", "other vendor", "bad manifest"],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(archive, tmp_path, damage, message):
    damaged = damage(archive, tmp_path / "damaged.tar")
    wipe()
    before_tables = tables()
    with pytest.raises(CommandError, match=message):
        restore(damaged)
    with pytest.raises(CommandError, match=message):
        restore(damaged, force=True)
    assert tables() == before_tables
    assert files() == {}


def test_the_default_name_says_when_in_jakarta_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("backup")
    [written] = tmp_path.glob("*.tar")
    assert written.name.startswith("rantai-backup-20260615-1000")  # the pinned clock ticks


@pytest.mark.parametrize("delta", [1, -1], ids=["shrank", "grew"])
def test_a_file_that_changes_while_it_is_read_fails_the_backup(tmp_path, monkeypatch, delta):
    default_storage.save("partnerships/pks.pdf", ContentFile(b"%PDF-1.4 signed"))
    out = tmp_path / "out"
    out.mkdir()
    size = FileSystemStorage.size
    monkeypatch.setattr(FileSystemStorage, "size", lambda self, name: size(self, name) + delta)
    with translation.override("en"), pytest.raises(CommandError, match=r"pks\.pdf changed while"):
        call_command("backup", output=out / "rantai.tar")
    assert list(out.iterdir()) == []  # neither the archive nor its .partial
