"""The delivery note (surat jalan) as a PDF: the notice's lines to hand to the driver, with the
QR code that opens the buyer's receipt page at the gate."""

from rantai.calloffs import shipping
from rantai.calloffs.models import ShippingNotice
from rantai.core.pdf import qr_svg, render_pdf

TEMPLATE = "calloffs/shipping_pdf.html"


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
