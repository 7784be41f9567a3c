"""Photos from the field: checked, turned upright, resized, thumbnailed, stripped of metadata.

Phones write the camera's orientation and often the GPS position into EXIF. The stored files are
new JPEGs drawn from the pixels only, so no location (or any other metadata) survives, and
``ImageOps.exif_transpose`` applies the orientation first so the picture stands the right way.
"""

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from rantai.core.uploads import validate_image

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
FULL_SIZE = 1600
THUMB_SIZE = 360


@dataclass
class Processed:
    image: ContentFile
    thumbnail: ContentFile
    name: str
    taken_at: str | None


def _jpeg(picture: Image.Image, size: int, quality: int) -> bytes:
    copy = picture.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _taken_at(picture: Image.Image) -> str | None:
    exif = picture.getexif()
    value = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)  # DateTimeOriginal, DateTime
    return str(value) if value else None


def process(upload) -> Processed:
    """Raise ValidationError with a message the user understands, or return the files."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20},
            code="too_large",
        )
    validate_image(upload)  # format, name and pixel count, from the header alone
    try:
        picture = Image.open(upload)
        picture.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError(
            _("This file is not a photo (JPEG, PNG or WebP)."), code="not_image"
        ) from exc
    taken_at = _taken_at(picture)
    upright = ImageOps.exif_transpose(picture).convert("RGB")
    name = uuid.uuid4().hex
    return Processed(
        image=ContentFile(_jpeg(upright, FULL_SIZE, 85), name=f"{name}.jpg"),
        thumbnail=ContentFile(_jpeg(upright, THUMB_SIZE, 80), name=f"{name}-thumb.jpg"),
        name=name,
        taken_at=taken_at,
    )
