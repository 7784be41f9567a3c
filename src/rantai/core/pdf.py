"""PDF documents: a template rendered by WeasyPrint with the house report style.

Every PDF of Rantai is made here. Callers that serve a PDF to a browser run it in a job
(``core.jobs``) or serve a cached file: rendering takes seconds, too long for a request.
"""

import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

REPORT_CSS = Path(__file__).resolve().parent / "static" / "core" / "report.css"


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """The PDF of ``template`` rendered with ``context`` (``generated`` defaults to now).

    Relative image paths resolve under MEDIA_ROOT, where the uploaded photos live.
    """
    # WeasyPrint loads Pango and fonts on import (about a second): only processes that print pay.
    from weasyprint import CSS, HTML  # noqa: PLC0415 (slow import, see above)

    html = render_to_string(
        template, {"generated": timezone.localtime(), **context}, request=request
    )
    document = HTML(string=html, base_url=str(settings.MEDIA_ROOT))
    return document.write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` (a URL we built, never typed text) as inline SVG for a page or
    a PDF: an agenda's check-in, a delivery note's receipt page."""
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])
