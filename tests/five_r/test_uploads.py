"""Resumable photo uploads (issue 16): pieces with a checksum, resumed from the last piece
received after a cut, kept once under the client's id; damaged, out-of-order and late pieces
are refused and store nothing."""

import hashlib
import io
import random
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rantai.five_r import services, uploads
from rantai.five_r.models import Photo, PhotoUpload, UploadPiece
from tests.factories import fill
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

PIECE = 256 * 1024
CLIENT_ID = uuid.UUID("6f1c2a9e-5b7d-4e1a-9c3f-2d8e7a6b5c41")


def noisy_jpeg(width=1000, height=800, seed=0) -> bytes:
    """A JPEG that does not compress much (noise): about 1 MB at this size."""
    pixels = random.Random(seed).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pieces(data: bytes):
    return [(offset, data[offset : offset + PIECE]) for offset in range(0, len(data), PIECE)]


@pytest.fixture
def photo_bytes() -> bytes:
    data = noisy_jpeg()
    assert len(data) > 3 * PIECE
    return data


def _start(audit, user, data, client_id=CLIENT_ID, **extra):
    return uploads.start(
        audit=audit, user=user, uuid=client_id, size=len(data), sha256=sha(data), **extra
    )


def test_a_cut_upload_resumes_from_its_last_piece_and_keeps_one_photo(
    world, five_r, audit_of_a, photo_bytes
):
    mentor = world.user("mentor")
    upload, created = _start(audit_of_a, mentor, photo_bytes, item=five_r.items[0], kind="before")
    assert created and upload.received == 0
    first, second, *rest = pieces(photo_bytes)
    for offset, data in (first, second):
        upload = uploads.receive(
            upload=upload, user=mentor, offset=offset, data=data, sha256=sha(data)
        )
    # The signal is lost; later the phone asks where the upload stands.
    again, created = _start(audit_of_a, mentor, photo_bytes, item=five_r.items[0], kind="before")
    assert not created and again.pk == upload.pk and again.received == 2 * PIECE
    for offset, data in rest:
        assert offset >= again.received  # nothing is sent twice
        again = uploads.receive(
            upload=again, user=mentor, offset=offset, data=data, sha256=sha(data)
        )
    photo = Photo.objects.get()
    assert again.photo == photo and photo.uuid == CLIENT_ID
    assert (photo.audit, photo.item, photo.kind) == (audit_of_a, five_r.items[0], "before")
    assert not UploadPiece.objects.exists()  # the pieces are gone once the photo is kept
    # Sent twice (the phone never heard the answer): one photo still.
    done, created = _start(audit_of_a, mentor, photo_bytes, item=five_r.items[0], kind="before")
    assert not created and done.photo == photo
    offset, data = rest[-1]
    assert uploads.receive(upload=done, user=mentor, offset=offset, data=data, sha256=sha(data))
    assert Photo.objects.count() == 1


def test_damaged_and_out_of_order_pieces_store_nothing(world, audit_of_a, photo_bytes):
    mentor = world.user("mentor")
    upload, _created = _start(audit_of_a, mentor, photo_bytes)
    (offset, data), (next_offset, next_data), *_rest = pieces(photo_bytes)
    uploads.receive(upload=upload, user=mentor, offset=offset, data=data, sha256=sha(data))
    before = fingerprint()
    damaged = bytes([next_data[0] ^ 0xFF]) + next_data[1:]
    with pytest.raises(ValidationError, match="SHA-256"):
        uploads.receive(
            upload=upload, user=mentor, offset=next_offset, data=damaged, sha256=sha(next_data)
        )
    with pytest.raises(uploads.OutOfOrder) as out_of_order:
        uploads.receive(upload=upload, user=mentor, offset=3 * PIECE, data=data, sha256=sha(data))
    assert out_of_order.value.received == PIECE
    with pytest.raises(ValidationError):
        uploads.receive(upload=upload, user=mentor, offset=PIECE, data=b"", sha256=sha(b""))
    with pytest.raises(ValidationError):
        uploads.receive(upload=upload, user=mentor, offset=PIECE, data=data, sha256="abc")
    assert fingerprint() == before
    assert PhotoUpload.objects.get().received == PIECE


def test_a_photo_that_arrives_whole_but_wrong_starts_again_from_zero(world, audit_of_a):
    mentor = world.user("mentor")
    data = noisy_jpeg(300, 200)
    upload, _created = uploads.start(
        audit=audit_of_a, user=mentor, uuid=CLIENT_ID, size=len(data), sha256=sha(b"another")
    )
    with pytest.raises(ValidationError, match="dikirim ulang dari awal"):
        uploads.receive(upload=upload, user=mentor, offset=0, data=data, sha256=sha(data))
    upload.refresh_from_db()
    assert upload.received == 0 and not upload.pieces.exists() and not Photo.objects.exists()
    # Not a picture at all: refused the same way, nothing kept.
    text = b"bukan foto" * 100
    other, _created = uploads.start(
        audit=audit_of_a, user=mentor, uuid=uuid.uuid4(), size=len(text), sha256=sha(text)
    )
    with pytest.raises(ValidationError):
        uploads.receive(upload=other, user=mentor, offset=0, data=text, sha256=sha(text))
    assert not Photo.objects.exists() and not UploadPiece.objects.exists()


def test_an_upload_id_names_one_photo_only(world, audit_of_a, photo_bytes):
    mentor = world.user("mentor")
    _start(audit_of_a, mentor, photo_bytes)
    with pytest.raises(ValidationError) as refused:
        _start(audit_of_a, mentor, photo_bytes[:-10])
    assert "id" in refused.value.message_dict
    with pytest.raises(ValidationError) as too_big:
        uploads.start(
            audit=audit_of_a, user=mentor, uuid=uuid.uuid4(), size=16 * 1024 * 1024, sha256="0" * 64
        )
    assert "size" in too_big.value.message_dict


def test_a_submitted_audit_takes_no_upload(world, five_r, audit_of_a, photo_bytes):
    mentor = world.user("mentor")
    upload, _created = _start(audit_of_a, mentor, photo_bytes)
    fill(audit_of_a, five_r.items, mentor)
    services.submit(audit=audit_of_a, user=mentor)
    audit_of_a.refresh_from_db()
    offset, data = pieces(photo_bytes)[0]
    with pytest.raises(PermissionDenied):
        uploads.receive(upload=upload, user=mentor, offset=offset, data=data, sha256=sha(data))
    with pytest.raises(PermissionDenied):
        _start(audit_of_a, mentor, photo_bytes, client_id=uuid.uuid4())
    assert not UploadPiece.objects.exists()


def test_the_api_resumes_an_upload_and_keeps_others_out(world, audit_of_a, login, photo_bytes):
    client = login(world.user("mentor"))
    url = f"/api/v1/5r/audits/{audit_of_a.pk}/uploads/"
    body = {"id": str(CLIENT_ID), "size": len(photo_bytes), "sha256": sha(photo_bytes)}
    started = client.post(url, body, content_type="application/json")
    assert started.status_code == 201 and started.json()["received"] == 0
    piece_url = f"{url}{CLIENT_ID}/"
    (offset, data), *rest = pieces(photo_bytes)

    def send(client, offset, data, digest=None):
        return client.post(
            piece_url,
            {
                "offset": offset,
                "sha256": digest or sha(data),
                "piece": SimpleUploadedFile("piece", data, "application/octet-stream"),
            },
        )

    assert send(client, offset, data).json()["received"] == PIECE
    late = send(client, 2 * PIECE, rest[1][1])
    assert late.status_code == 409 and late.json()["received"] == PIECE
    assert send(client, PIECE, rest[0][1], digest="0" * 64).status_code == 400
    outsider = login(world.user("firm_b"))
    before = fingerprint()
    assert send(outsider, PIECE, rest[0][1]).status_code == 404
    assert outsider.post(url, body, content_type="application/json").status_code == 404
    assert fingerprint() == before
    client = login(world.user("mentor"))
    resumed = client.post(url, body, content_type="application/json")
    assert resumed.status_code == 200 and resumed.json()["received"] == PIECE
    for offset, data in rest:
        answer = send(client, offset, data)
    assert answer.status_code == 200 and answer.json()["photo"]["id"] == Photo.objects.get().pk


def test_a_photo_imported_from_the_phones_file_is_done_when_the_phone_sends_it(
    world, five_r, audit_of_a, photo_bytes
):
    mentor = world.user("mentor")
    imported = services.add_photo(
        upload=SimpleUploadedFile("foto.jpg", photo_bytes, content_type="image/jpeg"),
        user=world.user("admin"),
        audit=audit_of_a,
        photo_id=CLIENT_ID,
    )
    upload, created = _start(audit_of_a, mentor, photo_bytes)
    assert not created and upload.photo == imported and upload.received == upload.size
    assert Photo.objects.count() == 1
