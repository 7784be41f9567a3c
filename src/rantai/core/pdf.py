"""PDF documents: a template rendered by WeasyPrint with the house report style.

Every PDF of Rantai is made here. Callers that serve a PDF to a browser run it in a job
(``core.jobs``) or serve a cached file: rendering takes seconds, too long for a request.

Pictures come from the default storage, which may be a folder or an S3 bucket: a template
writes ``{{ photo.image|stored_picture }}`` (``{% load pdf %}``), a ``storage:`` address that
WeasyPrint fetches through ``default_storage``. Nothing else is fetched: no file path, no web
address, so a document can never read the server's disk or reach into its network.
"""

import io
import mimetypes
from pathlib import Path
from urllib.parse import quote, unquote

import qrcode
import qrcode.image.svg
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

REPORT_CSS = Path(__file__).resolve().parent / "static" / "core" / "report.css"
SCHEME = "storage"


def stored_picture_src(name: str) -> str:
    """The address in a PDF of the picture stored under ``name`` in the default storage."""
    return f"{SCHEME}:{quote(name)}"


def stored_picture(url: str) -> tuple[bytes, str]:
    """The bytes and media type of the picture a ``storage:`` address names; ValueError for any
    other address, or for a stored file that is not a picture (an import, a contract)."""
    scheme, _, name = url.partition(":")
    media_type = mimetypes.guess_type(unquote(name))[0] or ""
    if scheme != SCHEME or not media_type.startswith("image/"):
        raise ValueError(f"Not a stored picture: {url}")
    with default_storage.open(unquote(name), "rb") as picture:
        return picture.read(), media_type


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """The PDF of ``template`` rendered with ``context`` (``generated`` defaults to now).

    Pictures are read from the default storage (``stored_picture``), and nothing else.
    """
    # WeasyPrint loads Pango and fonts on import (about a second): only processes that print pay.
    from weasyprint import CSS, HTML  # noqa: PLC0415 (slow import, see above)
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class StoredPictures(URLFetcher):
        def fetch(self, url, headers=None):
            content, media_type = stored_picture(url)
            return URLFetcherResponse(url, content, {"Content-Type": media_type})

    html = render_to_string(
        template, {"generated": timezone.localtime(), **context}, request=request
    )
    document = HTML(string=html, url_fetcher=StoredPictures())
    return document.write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` (a URL we built, never typed text) as inline SVG for a page or
    a PDF: an agenda's check-in, a delivery note's receipt page."""
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])
