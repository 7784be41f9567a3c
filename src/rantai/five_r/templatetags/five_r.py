from decimal import Decimal, InvalidOperation

from django import template

from rantai.core import formatting
from rantai.firms.models import Certification
from rantai.five_r.models import Audit
from rantai.five_r.readiness import assess_firm

register = template.Library()


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def pct(value):
    """62.5 → '62,5 %' (in the active language's number format); None → '—'."""
    number = _decimal(value)
    return "—" if number is None else f"{formatting.number(number, 1)}\u00a0%"


@register.filter
def points(value):
    """An improvement in percentage points, with its sign."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{'+' if number > 0 else ''}{formatting.number(number, 1)}"


@register.filter
def change(value):
    """A change in percent, with its sign: 12.5 → '+12,5 %'; None → '—'."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{'+' if number > 0 else ''}{formatting.number(number, 1)}\u00a0%"


@register.filter
def measured(value):
    """A measured value with only the decimals it needs: 12.50 → '12,5'; None → '—'."""
    return formatting.measure(_decimal(value))


@register.filter
def score_class(value):
    number = _decimal(value)
    if number is None:
        return "secondary"
    return "success" if number >= 80 else "warning" if number >= 60 else "danger"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def criterion(item, score):
    """The written criterion of ``item`` for ``score``, in the active language."""
    return item.criterion(score)


@register.filter
def scheme_label(code):
    """'iso9001' → 'ISO 9001'."""

    try:
        return Certification.Scheme(code).label
    except ValueError:
        return code


@register.inclusion_tag("five_r/_firm_panel.html", takes_context=True)
def five_r_panel(context, firm):
    """A firm's 5R summary for its registry page, if the viewer may see its audits."""

    user = context["request"].user
    audits = (
        Audit.objects.restrict(user, "view")
        .filter(firm=firm, status=Audit.Status.SUBMITTED)
        .exclude(template__sop_scorecards__isnull=False)  # buyers' SOP audits are not 5R
    )
    latest = audits.order_by("-date", "-pk").first()
    if latest is None:
        return {"firm": firm, "latest": None}
    return {"firm": firm, "latest": latest, "readiness": assess_firm(firm)}
