"""Uploaded and generated files in an S3-compatible object store (STORAGE_BACKEND=s3), end to end.

A local S3 server (moto's, in a thread of the test process) holds a fresh bucket per test, and
``STORAGES["default"]`` is built from S3_* variables by the production settings' own
``s3_storage``. Photos, imports and PDFs then go through the pages as users use them: the
objects land in the bucket, nothing on the local disk, and every byte comes back only through a
view that checked the user.
"""

import logging
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto.server import ThreadedMotoServer

from rantai.core.models import Job
from rantai.core.pdf import stored_picture, stored_picture_src
from rantai.firms.models import Firm
from rantai.five_r import services
from rantai.partnerships.models import Document
from rantai.settings import s3_storage
from tests.factories import AuditFactory, PartnershipFactory, fill, pdf_upload
from tests.firms.test_import_export import row, xlsx
from tests.five_r.conftest import jpeg, make_program

pytestmark = pytest.mark.django_db


@dataclass
class Bucket:
    name: str
    client: object

    def objects(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for the whole run (it starts in a second)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch) -> Bucket:
    """The default storage on a new bucket, configured as production configures it. Changing
    STORAGES makes Django drop its cached storages (``default_storage`` included), and the
    ``settings`` fixture puts the folder storage back after the test."""
    name = f"rantai-{uuid.uuid4().hex[:12]}"
    variables = {
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": name,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "rantai",
        "S3_SECRET_ACCESS_KEY": "rantai-secret",
    }
    for variable, value in variables.items():
        monkeypatch.setenv(variable, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="rantai",
        aws_secret_access_key="rantai-secret",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
    assert default_storage.bucket_name == name
    return Bucket(name, client)


@pytest.fixture
def five_r(world):
    return make_program(world)


@pytest.fixture
def audit_of_a(world, five_r):
    """A draft audit of firm A by the mentor, in a program of firms A and B."""
    return AuditFactory(firm=world.firm_a, program=five_r.program, auditors=[world.user("mentor")])


def on_local_disk(name: str) -> bool:
    return (Path(django_settings.MEDIA_ROOT) / name).exists()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_photo_goes_to_the_bucket_and_comes_back_only_through_the_permission_check(
    world, five_r, audit_of_a, login, bucket
):
    item = five_r.items[0]
    response = login(world.user("mentor")).post(
        reverse("five_r:audit-photo", args=[audit_of_a.pk, item.pk]),
        {"photo": jpeg(), "kind": "before"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    photo = audit_of_a.photos.get()
    assert bucket.objects() == {photo.image.name, photo.thumbnail.name}
    assert not on_local_disk(photo.image.name)
    assert photo.width == 800  # read back from the bucket

    acl = bucket.client.get_object_acl(Bucket=bucket.name, Key=photo.image.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # owner only

    for size, key in (("full", photo.image.name), ("thumb", photo.thumbnail.name)):
        url = reverse("five_r:photo", args=[photo.pk, size])
        shown = login(world.user("firm_a")).get(url)
        assert (shown.status_code, shown["Content-Type"]) == (200, "image/jpeg")
        assert body(shown) == bucket.read(key)
        refused = login(world.user("firm_b")).get(url)
        assert refused.status_code == 404
        assert not refused.has_header("Content-Disposition")
        assert bucket.read(key) not in refused.content


def test_two_files_of_one_name_stay_two_objects(bucket):
    """Two buyers attach a gambar.pdf to their needs in one month: neither replaces the other."""
    name = "matchmaking/needs/2026/06/gambar.pdf"
    first = default_storage.save(name, ContentFile(b"%PDF-1 A"))
    second = default_storage.save(name, ContentFile(b"%PDF-1 B"))
    assert first != second
    assert (bucket.read(first), bucket.read(second)) == (b"%PDF-1 A", b"%PDF-1 B")


def test_an_import_job_reads_its_file_from_the_bucket(world, login, run_tasks, bucket):
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("firms:import"), {"file": xlsx([row(1), row(2)])})
    job = Job.objects.get()
    assert job.input_file.name in bucket.objects() and not on_local_disk(job.input_file.name)
    assert (job.result["stage"], job.result["new"], job.result["error_count"]) == (
        "validated",
        2,
        0,
    )
    with run_tasks():
        client.post(reverse("firms:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.result["stage"]) == (Job.Status.SUCCEEDED, "imported")
    assert sorted(Firm.objects.filter(name__startswith="CV Logam Impor").values_list("nib")) == [
        ("9120300000001",),
        ("9120300000002",),
    ]


def test_an_audit_report_prints_its_photo_from_the_bucket(
    world, five_r, audit_of_a, login, run_tasks, bucket, tmp_path
):
    mentor = world.user("mentor")
    fill(audit_of_a, five_r.items, mentor, score=3)
    photo = services.add_photo(
        upload=jpeg(), user=mentor, audit=audit_of_a, item=five_r.items[0], kind="before"
    )
    services.submit(audit=audit_of_a, user=mentor)
    client = login(mentor)
    with run_tasks():
        client.post(reverse("five_r:report", args=["audit", audit_of_a.pk]))
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    assert bucket.objects() == {photo.image.name, photo.thumbnail.name, job.output_file.name}

    download = reverse("job-download", args=[job.pk])
    content = body(client.get(download))
    assert content == bucket.read(job.output_file.name)
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(content)
    listing = subprocess.run(
        [shutil.which("pdfimages") or "pdfimages", "-list", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout.decode()
    images = listing.splitlines()[2:]  # under the two header lines
    assert [line.split()[3:5] for line in images] == [["800", "600"]]  # the photo, full size
    assert login(world.user("firm_b")).get(download).status_code == 404


def test_a_partnership_document_is_kept_in_the_bucket_and_the_admin_links_only_to_its_view(
    world, login, bucket, s3_endpoint
):
    deal = PartnershipFactory(supplier=world.firm_a)
    client = login(world.user("firm_a"))
    client.post(deal.get_absolute_url(), {"kind": "signed", "title": "PKS", "file": pdf_upload()})
    document = Document.objects.get()
    assert bucket.objects() == {document.file.name}
    view = reverse("partnerships:document", args=[document.pk])
    assert body(client.get(view)) == bucket.read(document.file.name)
    assert login(world.user("firm_b")).get(view).status_code == 404

    job = Job.objects.create(kind=Job.Kind.FIRM_EXPORT, user=world.user("officer"))
    job.output_file.save("firma.csv", ContentFile(b"nib;nama\n"))
    admin = login(world.user("admin"))
    pages = [
        admin.get(reverse("admin:partnerships_partnership_change", args=[deal.pk])),
        admin.get(reverse("admin:core_job_change", args=[job.pk])),
    ]
    assert [page.status_code for page in pages] == [200, 200]
    assert f'href="{view}"' in pages[0].content.decode()
    assert job.output_file.name in pages[1].content.decode()
    for page in pages:
        assert s3_endpoint not in page.content.decode()
        assert bucket.name not in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname.jpg",
        "http://169.254.169.254/latest/meta-data/photo.jpg",
        "https://example.com/photo.png",
        stored_picture_src("jobs/in/2026/06/firma.xlsx"),  # stored, but not a picture
        "five_r/photos/2026/06/photo.jpg",  # a bare name resolves to nothing either
    ],
)
def test_a_pdf_reads_stored_pictures_and_nothing_else(url):
    with pytest.raises(ValueError, match="Not a stored picture"):
        stored_picture(url)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "disk"}, "STORAGE_BACKEND must be filesystem or s3, not 'disk'"),
        ({"STORAGE_BACKEND": "s3"}, "Environment variable S3_BUCKET is required"),
    ],
)
def test_a_storage_setting_that_cannot_work_stops_the_start(variables, message):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    started = subprocess.run(
        [sys.executable, "-c", "import rantai.settings"],
        env={**environment, **variables},
        capture_output=True,
        text=True,
    )
    assert started.returncode == 1
    assert f"ImproperlyConfigured: {message}" in started.stderr
