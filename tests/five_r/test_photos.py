import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from rantai.five_r import photos, services
from rantai.five_r.models import Photo
from tests.factories import fill
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
    ("upload", "code"),
    [
        (SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo"), "content_mismatch"),
        (SimpleUploadedFile("foto.gif", b"GIF89a" + b"\x00" * 100), "not_image"),
        (SimpleUploadedFile("blob", b"<html><script>alert(1)</script>"), "not_image"),
    ],
)
def test_files_that_are_not_photos_are_refused(upload, code):
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == code


def test_too_large_files_are_refused(monkeypatch):
    upload = jpeg()
    monkeypatch.setattr(photos, "MAX_UPLOAD_BYTES", upload.size - 1)
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == "too_large"


def bomb(name="bom.png") -> SimpleUploadedFile:
    """13000 × 13000 pixels (169 megapixels, gigabytes once decoded) in a few hundred KB."""
    buffer = io.BytesIO()
    Image.new("1", (13000, 13000)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _picture(picture_format: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, picture_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_picture_of_too_many_pixels_is_refused_from_its_header(monkeypatch):
    upload = bomb()
    assert upload.size < 1024 * 1024
    # Refused before any pixel is decoded.
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == "too_many_pixels"
    with translation.override("en"):
        assert error.value.messages == [
            "The picture has more than 40 megapixels; take it at a lower resolution or make it "
            "smaller."
        ]


@pytest.mark.parametrize(
    "upload",
    [
        _picture("JPEG", "foto.png"),
        _picture("PNG", "foto.jpeg"),
        SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>"),
        _picture("PNG", "foto.html"),
    ],
)
def test_a_picture_must_be_what_its_name_says(upload):
    with pytest.raises(ValidationError) as error:
        photos.process(upload)
    assert error.value.code == "content_mismatch"
    assert upload.name in error.value.messages[0]


def test_a_picture_whose_name_and_content_agree_is_taken():
    assert photos.process(_picture("PNG", "FOTO.PNG")).image.name.endswith(".jpg")
    assert photos.process(_picture("WEBP", "foto.webp")).thumbnail.size > 0


def test_closing_an_action_with_a_picture_bomb_shows_the_error_and_writes_nothing(
    world, five_r, audit_of_a, login
):

    fill(audit_of_a, five_r.items, world.user("mentor"), low_codes=("RK1",))
    services.submit(audit=audit_of_a, user=world.user("mentor"))
    action = audit_of_a.actions.get()
    response = login(world.user("firm_a")).post(
        reverse("five_r:action-detail", args=[action.pk]),
        {"status": "done", "due_on": "2022-10-12", "photo": bomb()},
    )
    assert response.status_code == 200
    assert "megapi" in response.context["form"].errors["photo"][0]
    assert "megapi" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open" and not Photo.objects.exists()


def test_a_picture_beyond_pillows_own_limit_gets_the_same_answer(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses above twice this
    with pytest.raises(ValidationError) as error:
        photos.process(SimpleUploadedFile("foto.png", _big_png()))
    assert error.value.code == "too_many_pixels"


def _big_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (100, 100)).save(buffer, "PNG")
    return buffer.getvalue()
