import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rantai.five_r import photos
from tests.five_r.conftest import jpeg


def _exif_with_gps_and_rotation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90° clockwise
    exif[0x0132] = "2022:09:12 09:30:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 52.0, 8.0)  # latitude of Dampyak
    gps[3], gps[4] = "E", (109.0, 10.0, 0.0)
    return exif


def test_orientation_is_applied_and_location_removed():
    processed = photos.process(jpeg(800, 600, exif=_exif_with_gps_and_rotation()))
    stored = Image.open(io.BytesIO(processed.image.read()))
    assert stored.size == (600, 800)  # turned upright
    assert dict(stored.getexif()) == {}  # no GPS, no orientation, nothing
    assert processed.taken_at == "2022:09:12 09:30:00"


def test_large_photos_are_resized_and_thumbnailed():
    processed = photos.process(jpeg(4000, 3000))
    assert Image.open(io.BytesIO(processed.image.read())).size == (1600, 1200)
    assert Image.open(io.BytesIO(processed.thumbnail.read())).size == (360, 270)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo"),
        SimpleUploadedFile("foto.gif", b"GIF89a" + b"\x00" * 100),
    ],
)
def test_files_that_are_not_photos_are_refused(upload):
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == "not_image"


def test_too_large_files_are_refused(monkeypatch):
    upload = jpeg()
    monkeypatch.setattr(photos, "MAX_UPLOAD_BYTES", upload.size - 1)
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == "too_large"
