"""Back up and restore Rantai: the database and the uploaded files in one .tar archive.

The archive holds ``manifest.json``, the database dump (``database.dump``, PostgreSQL's custom
format, or ``database.sqlite3``, a copy made with SQLite's online backup API) and every file of
the default storage under ``media/``. The manifest says what the archive should hold: the format,
Rantai's version, when and from which database vendor it was made, the migration state, the rows
of every table, and the size and SHA-256 of the dump and of each file.

The manifest is written last, so each file is read once (from S3 as much as from a disk) and
hashed as it streams into the archive. A restore reads the archive twice: once to check every
member against the manifest before anything changes, once to put it back.

The row counts are those of the dump itself: on PostgreSQL they are counted in the snapshot
pg_dump is given; on SQLite, in the copy. A restore compares the restored tables with them.
"""

import hashlib
import io
import json
import logging
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# Rows that `migrate` itself writes on every install: the reference data (regions, KBLI,
# processes, materials) and the shipped 5R checklist and readiness ladder. A database holding
# only these is as empty as a freshly migrated one.
SHIPPED = {
    "reference.region",
    "reference.kbli",
    "reference.process",
    "reference.material",
    "five_r.audittemplate",
    "five_r.section",
    "five_r.item",
    "five_r.readinesslevel",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is translated and says why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def default_name() -> str:
    """rantai-backup-YYYYmmdd-HHMMSS.tar, in the site's time (what operators read)."""
    return f"rantai-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar"


# Writing


def backup(output: Path, *, using: str = DEFAULT_DB_ALIAS, storage=default_storage) -> Summary:
    """Write the database and the storage's files to ``output``, a new .tar archive."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor}
        )
    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    started = timezone.now()  # the moment the database is copied
    with tempfile.TemporaryDirectory(prefix="rantai-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        logger.info("Dumping the %s database to %s", vendor, dump)
        state = (
            _dump_postgresql(connection, dump)
            if vendor == "postgresql"
            else _dump_sqlite(connection, dump)
        )
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                database = {
                    "vendor": vendor,
                    "member": dump.name,
                    **_add_file(archive, dump.name, dump.open("rb"), dump.stat().st_size),
                    **state,
                }
                files = _add_storage(archive, storage)
                manifest = {
                    "format": FORMAT,
                    "rantai_version": metadata.version("rantai"),
                    "created_at": started.isoformat(),
                    "database": database,
                    "files": files,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(body), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(body))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(output)  # never a half-written archive under the final name
    rows = sum(database["rows"].values())
    size = sum(item["size"] for item in files)
    logger.info("Backup %s: %d rows, %d files (%d bytes)", output, rows, len(files), size)
    return Summary(output, len(database["rows"]), rows, len(files), size)


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it and counts the bytes."""

    def __init__(self, stream):
        self.stream, self.sha256, self.size, self.ended = stream, hashlib.sha256(), 0, False

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        self.ended = not data
        self.sha256.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def _add_file(archive: tarfile.TarFile, member: str, stream, size: int) -> dict:
    info = tarfile.TarInfo(member)
    info.size, info.mtime = size, int(timezone.now().timestamp())
    with stream:
        reader = _Hashing(stream)
        try:
            archive.addfile(info, io.BufferedReader(reader, CHUNK))
        except OSError:
            if not reader.ended:  # not tarfile's "unexpected end of data": a disk error
                raise
            reader.size = -1  # the file shrank
    if reader.size != size:  # the size the storage gave is not what could be read
        raise BackupError(_("%(name)s changed while it was being backed up.") % {"name": member})
    return {"size": size, "sha256": reader.sha256.hexdigest()}


def storage_names(storage, path: str = ""):
    """Every file's name in ``storage``, walking its folders (FileSystemStorage, S3, …)."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing uploaded
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for folder in sorted(folders):
        yield from storage_names(storage, posixpath.join(path, folder))


def _add_storage(archive: tarfile.TarFile, storage) -> list[dict]:
    files = []
    for name in storage_names(storage):
        entry = {
            "name": name,
            **_add_file(archive, MEDIA + name, storage.open(name, "rb"), storage.size(name)),
        }
        files.append(entry)
        if len(files) % 500 == 0:
            logger.info("%d files backed up", len(files))
    return files


def _dump_sqlite(connection, dump: Path) -> dict:
    """Copy the live database with SQLite's online backup API (consistent while others write)."""
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        return _state(target.cursor(), _tables(connection))
    finally:
        target.close()


def _dump_postgresql(connection, dump: Path) -> dict:
    """pg_dump in the snapshot the row counts are taken in, so the manifest describes the dump."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    tables = _tables(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = _state(cursor, tables)
        _run(connection, "pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={dump}"])
    return state


def _tables(connection) -> list[str]:
    """Every model's table that exists, with the auto-created m2m and the history tables."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _state(cursor, tables) -> dict:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = {}
    for app, name in cursor.fetchall():
        migrations[app] = max(migrations.get(app, name), name)
    return {"migrations": migrations, "rows": _count(cursor, tables)}


def _count(cursor, tables) -> dict[str, int]:
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from Django's own models
        rows[table] = cursor.fetchone()[0]
    return rows


def _run(connection, program: str, arguments: list[str]) -> None:
    """Run pg_dump or pg_restore against ``connection``'s database (the test database in tests),
    the password in PGPASSWORD as Django's dbshell passes it, never on the command line."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    *options, name = args[1:]  # psql's -U, -h, -p, then the database, for pg_restore --dbname
    command = [_postgresql_program(connection, program), *options, f"--dbname={name}", *arguments]
    logger.info("Running %s", " ".join(arg for arg in command))
    done = subprocess.run(
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": program, "error": done.stderr.strip()}
        )


def _postgresql_program(connection, program: str) -> str:
    """The server's own major version of the tool (Debian installs one per version), else PATH's."""
    major = connection.pg_version // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{program}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            _("%(program)s was not found; install the PostgreSQL client.") % {"program": program}
        )
    return found


# Reading


def read_manifest(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Check the whole archive against its manifest and this installation, changing nothing:
    every member's size and SHA-256, nothing missing or extra, the same database vendor, no
    migration this code does not know. Returns the manifest."""
    try:
        with tarfile.open(path, "r:") as archive:
            members = {member.name: member for member in archive.getmembers()}
            manifest = _parse(archive, members.get(MANIFEST))
            expected = _expected(manifest)
            if set(members) != {MANIFEST, *expected}:
                raise BackupError(_("The archive's members do not match its manifest."))
            for name, (size, sha256) in expected.items():
                member = members[name]
                if not member.isfile() or member.size != size or _sha256(archive, member) != sha256:
                    raise BackupError(_("%(name)s in the archive is damaged.") % {"name": name})
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from error
    _check_compatible(manifest, connections[using])
    return manifest


def _parse(archive: tarfile.TarFile, member) -> dict:
    if member is None or not member.isfile():
        raise BackupError(_("The archive has no manifest.json: it is not a Rantai backup."))
    try:
        manifest = json.load(archive.extractfile(member))
        database, files = manifest["database"], manifest["files"]
        well_formed = (
            manifest["format"] == FORMAT
            and database["member"] in DUMPS.values()
            and all(isinstance(n, int) for n in database["rows"].values())
            and isinstance(database["migrations"], dict)
            and all(_file_entry(entry) for entry in [database, *files])
        )
        for entry in files:
            validate_file_name(entry["name"], allow_relative_path=True)
    except (ValueError, KeyError, TypeError, AttributeError, SuspiciousFileOperation):
        well_formed = False
    if not well_formed:
        raise BackupError(_("The archive's manifest.json is not a manifest this version reads."))
    return manifest


def _file_entry(entry) -> bool:
    return isinstance(entry["size"], int) and len(entry["sha256"]) == 64


def _expected(manifest: dict) -> dict[str, tuple[int, str]]:
    database = manifest["database"]
    expected = {database["member"]: (database["size"], database["sha256"])}
    for entry in manifest["files"]:
        expected[MEDIA + entry["name"]] = (entry["size"], entry["sha256"])
    if len(expected) != len(manifest["files"]) + 1:
        raise BackupError(_("The archive's manifest.json is not a manifest this version reads."))
    return expected


def _sha256(archive: tarfile.TarFile, member) -> str:
    digest = hashlib.sha256()
    stream = archive.extractfile(member)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _check_compatible(manifest: dict, connection) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("The archive holds a %(archive)s database; this installation runs on %(here)s.")
            % {"archive": vendor, "here": connection.vendor}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, name in manifest["database"]["migrations"].items()
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "The archive was made by a newer Rantai (migrations %(names)s); "
                "restore it with that version."
            )
            % {"names": ", ".join(unknown)}
        )


def is_empty(*, using: str = DEFAULT_DB_ALIAS, storage=default_storage) -> bool:
    """No row in any table of Rantai's apps but those `migrate` writes, and no stored file."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("rantai.")
        for model in config.get_models(include_auto_created=True)
        if model._meta.label_lower not in SHIPPED and model._meta.db_table in existing
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
            if cursor.fetchone():
                return False
    return next(storage_names(storage), None) is None


def restore(
    path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS, storage=default_storage
) -> Summary:
    """Put an archive back into an empty database and storage (any, with ``force``).

    Everything is checked before anything changes. The database goes back in one step
    (pg_restore in a single transaction; SQLite's backup API), then the files; last, every
    table's rows are compared with the manifest."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    manifest = read_manifest(path, using=using)
    if not force and not is_empty(using=using, storage=storage):
        raise BackupError(
            _(
                "The database or the file storage is not empty; restore into an empty one, "
                "or use --force to replace its contents."
            )
        )
    database = manifest["database"]
    with (
        tarfile.open(path, "r:") as archive,
        tempfile.TemporaryDirectory(prefix="rantai-restore-") as work,
    ):
        dump = Path(work) / database["member"]
        _extract(archive, database["member"], dump, database["sha256"])
        logger.info("Restoring the %s database", connection.vendor)
        if connection.vendor == "postgresql":
            options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
            _run(connection, "pg_restore", [*options, str(dump)])
        else:
            _restore_sqlite(connection, dump)
        ContentType.objects.clear_cache()  # ids cached in this process may have moved
        if force:
            for name in list(storage_names(storage)):
                storage.delete(name)
        for entry in manifest["files"]:
            _restore_file(archive, entry, storage)
    _compare(connection, database["rows"])
    files = manifest["files"]
    rows = sum(database["rows"].values())
    size = sum(entry["size"] for entry in files)
    logger.info("Restored %s: %d rows, %d files (%d bytes)", path, rows, len(files), size)
    return Summary(Path(path), len(database["rows"]), rows, len(files), size)


def _extract(archive: tarfile.TarFile, member: str, target: Path, sha256: str) -> None:
    with archive.extractfile(member) as source, target.open("wb") as sink:
        reader = _Hashing(source)
        shutil.copyfileobj(reader, sink, CHUNK)
    if reader.sha256.hexdigest() != sha256:  # the archive changed since it was checked
        raise BackupError(_("%(name)s in the archive is damaged.") % {"name": member})


def _restore_sqlite(connection, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_file(archive: tarfile.TarFile, entry: dict, storage) -> None:
    with archive.extractfile(MEDIA + entry["name"]) as stream:
        content = File(stream, name=entry["name"])
        content.size = entry["size"]
        saved = storage.save(entry["name"], content)
    if saved != entry["name"]:  # the storage renamed it: a file of that name was already there
        storage.delete(saved)
        raise BackupError(_("%(name)s is already in the file storage.") % {"name": entry["name"]})


def _compare(connection, expected: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        missing = sorted(set(expected) - existing)
        found = _count(cursor, sorted(set(expected) & existing))
    differ = sorted(table for table, rows in found.items() if rows != expected[table])
    if missing or differ:
        raise BackupError(
            _("The restored database does not match the archive: %(tables)s.")
            % {"tables": ", ".join(missing + [f"{t} ({found[t]} ≠ {expected[t]})" for t in differ])}
        )
