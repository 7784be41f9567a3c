"""The delivery note (surat jalan) as a PDF: the notice's lines to hand to the driver, with the
QR code that opens the buyer's receipt page at the gate."""

import io

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe

from rantai.calloffs import shipping
from rantai.calloffs.models import ShippingNotice
from rantai.core.pdf import render_pdf

TEMPLATE = "calloffs/shipping_pdf.html"


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` as inline SVG (our own markup, from a URL we built)."""
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])


def delivery_note_context(notice: ShippingNotice) -> dict:
    payload = shipping.receipt_url(notice)
    return {
        "notice": notice,
        "lines": notice.lines.select_related("call_off").order_by("pk"),
        "qr_payload": payload,
        "qr": qr_svg(payload),
    }


def delivery_note_pdf(notice: ShippingNotice) -> bytes:
    return render_pdf(TEMPLATE, delivery_note_context(notice))
