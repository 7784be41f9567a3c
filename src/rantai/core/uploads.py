"""Checks on uploaded files that read only their first bytes, before anything opens them in
full: a picture's header (its format and size), a PDF's signature.

A 13000×13000 PNG compresses to half a megabyte and decodes to gigabytes; ``Image.open`` reads
only the header, so the size is known, and refused, before a single pixel is decoded. A file's
content must also be what its name says: a ``.jpg`` that is really a PDF or an HTML page is
refused, so nothing is stored, served or shown under a name it is not.
"""

import warnings
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
# The picture formats accepted, by the names they may carry (MPO: some phones' JPEGs).
IMAGE_SUFFIXES = {
    ".jpg": {"JPEG", "MPO"},
    ".jpeg": {"JPEG", "MPO"},
    ".jfif": {"JPEG", "MPO"},
    ".png": {"PNG"},
    ".webp": {"WEBP"},
}
IMAGE_FORMATS = set().union(*IMAGE_SUFFIXES.values())


@contextmanager
def _from_start(upload):
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        yield upload
    finally:
        upload.seek(position)


def _suffix(upload) -> str:
    return PurePath(getattr(upload, "name", "") or "").suffix.lower()


def _not_what_it_says(upload) -> ValidationError:
    return ValidationError(
        _("The content of this file is not what its name (%(name)s) says."),
        code="content_mismatch",
        params={"name": PurePath(upload.name).name},
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "The picture has more than %(max)d megapixels; take it at a lower resolution "
            "or make it smaller."
        ),
        code="too_many_pixels",
        params={"max": settings.UPLOAD_MAX_PIXELS // 1_000_000},
    )


def validate_image(upload) -> None:
    """A JPEG, PNG or WebP whose content matches its name, of at most
    ``settings.UPLOAD_MAX_PIXELS`` pixels. Reads the header only."""

    suffix = _suffix(upload)
    named_as_image = suffix in IMAGE_SUFFIXES
    try:
        with _from_start(upload), warnings.catch_warnings():
            # Pillow warns of a large picture; the size is checked below, with a clear answer.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as picture:
                picture_format, (width, height) = picture.format, picture.size
    except Image.DecompressionBombError as exc:  # so large that Pillow refuses the header
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        if named_as_image:
            raise _not_what_it_says(upload) from exc
        raise ValidationError(
            _("This file is not a photo (JPEG, PNG or WebP)."), code="not_image"
        ) from exc
    if picture_format not in IMAGE_FORMATS:
        raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."), code="not_image")
    if suffix and picture_format not in IMAGE_SUFFIXES.get(suffix, ()):
        raise _not_what_it_says(upload)
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise _too_many_pixels()


def is_pdf(upload) -> bool:
    with _from_start(upload):
        return upload.read(len(PDF_MAGIC)) == PDF_MAGIC


def validate_matches_name(upload) -> None:
    """For an attachment that may be of several kinds: a ``.pdf`` must be a PDF and a picture's
    name must match its content (see ``validate_image``). Other kinds are not inspected."""
    suffix = _suffix(upload)
    if suffix == ".pdf" and not is_pdf(upload):
        raise _not_what_it_says(upload)
    if suffix in IMAGE_SUFFIXES:
        validate_image(upload)
