"""Resumable photo uploads (issue 16): a photo from a phone on a weak signal is sent in pieces,
each with its SHA-256; an interrupted upload resumes from the first byte not received, never from
zero, and the whole photo is checked against its own SHA-256 before it is kept.

The client names the upload with a UUID it made when the photo was taken. Starting an upload
with a known id answers where it stands (so a phone that lost the answer asks again), and the
finished photo keeps that id: sending it twice gives one photo."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rantai.core import formatting
from rantai.five_r import services
from rantai.five_r.models import Audit, Item, Photo, PhotoUpload, UploadPiece
from rantai.five_r.photos import MAX_UPLOAD_BYTES

PIECE_MAX = 1024 * 1024  # bytes; a phone sends 256 KiB pieces (static/js/outbox.js)
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class OutOfOrder(ValidationError):
    """A piece that does not start at the first byte not yet received."""

    def __init__(self, received: int):
        self.received = received
        super().__init__(
            _("This piece does not follow the last one received; send from byte %(n)s.")
            % {"n": received},
            code="out_of_order",
        )


def _digest(value: str, field: str) -> str:
    value = (value or "").strip().lower()
    if not SHA256.match(value):
        raise ValidationError({field: [_("Give the SHA-256 as 64 hexadecimal characters.")]})
    return value


def start(
    *,
    audit: Audit,
    user,
    uuid,
    size: int,
    sha256: str,
    item: Item | None = None,
    kind: str = Photo.Kind.EVIDENCE,
    caption: str = "",
) -> tuple[PhotoUpload, bool]:
    """The upload ``uuid`` of a photo of ``size`` bytes for a draft audit, and whether it is
    new. Known already (the same photo), it is returned as it stands: how many bytes arrived,
    or its photo."""
    services._ensure_draft(audit)
    sha256 = _digest(sha256, "sha256")
    if not 0 < size <= MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "size": [
                    _("A photo may be at most %(mb)s MB.")
                    % {"mb": formatting.number(MAX_UPLOAD_BYTES / 1024 / 1024)}
                ]
            }
        )
    if item is not None and item.section.template_id != audit.template_id:
        raise ValidationError({"item": [_("This item is not on the audit's checklist.")]})
    known = PhotoUpload.objects.filter(uuid=uuid).first()
    imported = Photo.objects.filter(uuid=uuid).first()
    if known is None and imported is not None and imported.audit_id == audit.pk:
        # Kept already without pieces (an administrator imported the phone's file): the phone
        # is told it is done, rather than refused.
        known, _created = PhotoUpload.objects.get_or_create(
            uuid=uuid,
            defaults={
                "audit": audit,
                "item": item,
                "kind": kind,
                "size": size,
                "sha256": sha256,
                "received": size,
                "photo": imported,
                "uploaded_by": user,
            },
        )
    if known is None and imported is None:
        try:
            with transaction.atomic():
                return (
                    PhotoUpload.objects.create(
                        uuid=uuid,
                        audit=audit,
                        item=item,
                        kind=kind,
                        caption=caption[:200],
                        size=size,
                        sha256=sha256,
                        uploaded_by=user,
                    ),
                    True,
                )
        except IntegrityError:  # the same phone, twice at once
            known = PhotoUpload.objects.filter(uuid=uuid).first()
    if known is None or (known.audit_id, known.size, known.sha256) != (audit.pk, size, sha256):
        raise ValidationError({"id": [_("This upload id is already used for another photo.")]})
    return known, False


def receive(*, upload: PhotoUpload, user, offset: int, data: bytes, sha256: str) -> PhotoUpload:
    """Store one piece, which must start where the received bytes end and match its SHA-256;
    with the last piece the photo is checked whole and kept. A piece of a finished upload is
    acknowledged and ignored. Refused, nothing is stored; a whole photo that does not match its
    SHA-256 (or is no picture) starts again from zero."""
    sha256 = _digest(sha256, "sha256")
    failed = None
    with transaction.atomic():
        upload = PhotoUpload.objects.select_for_update().select_related("audit").get(pk=upload.pk)
        if upload.complete:
            return upload
        services._ensure_draft(upload.audit)
        if offset != upload.received:
            raise OutOfOrder(upload.received)
        if not data or len(data) > PIECE_MAX:
            raise ValidationError(
                {"piece": [_("A piece has 1 to %(max)s bytes.") % {"max": PIECE_MAX}]}
            )
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValidationError(
                {"piece": [_("The piece arrived damaged (its SHA-256 differs); send it again.")]}
            )
        if upload.received + len(data) > upload.size:
            raise ValidationError({"piece": [_("The piece goes past the end of the photo.")]})
        UploadPiece.objects.create(upload=upload, offset=offset, data=data)
        upload.received += len(data)
        if upload.received < upload.size:
            upload.save(update_fields=["received"])
            return upload
        whole = b"".join(bytes(p.data) for p in upload.pieces.all())
        try:
            if hashlib.sha256(whole).hexdigest() != upload.sha256:
                raise ValidationError(
                    _(
                        "The photo arrived damaged (its SHA-256 differs); it is sent again "
                        "from the start."
                    )
                )
            with transaction.atomic():
                upload.photo = services.add_photo(
                    upload=SimpleUploadedFile("foto.jpg", whole, content_type="image/jpeg"),
                    user=upload.uploaded_by or user,
                    audit=upload.audit,
                    item=upload.item,
                    kind=upload.kind,
                    caption=upload.caption,
                    photo_id=upload.uuid,
                )
        except ValidationError as exc:
            failed = exc
            upload.received = 0  # what arrived is of no use: from zero, not lost half-way
        upload.pieces.all().delete()
        upload.save(update_fields=["received", "photo"])
    if failed is not None:
        raise ValidationError({"piece": failed.messages})
    return upload
