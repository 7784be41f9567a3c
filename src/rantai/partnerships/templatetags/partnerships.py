from django import template
from django.db.models import Q

from rantai.partnerships import services
from rantai.partnerships.drawings import firm_drawing
from rantai.partnerships.models import Partnership, SupplyLink

register = template.Library()


@register.inclusion_tag("partnerships/_firm_panel.html", takes_context=True)
def partnerships_panel(context, firm):
    """A firm's partnerships and place in the chain, as far as the viewer may see them."""
    user = context["request"].user
    partnerships = (
        Partnership.objects.restrict(user)
        .filter(Q(supplier=firm) | Q(buyer=firm))
        .select_related("supplier", "buyer")
        .order_by("-signed_on", "-created_at")[:10]
    )
    visible_links = SupplyLink.objects.restrict(user).active()
    return {
        "drawing": firm_drawing(SupplyLink.objects.restrict(user), firm.pk),
        "firm": firm,
        "partnerships": partnerships,
        "upstream": visible_links.filter(supplier=firm).select_related("buyer"),
        "downstream": visible_links.filter(buyer=firm).count(),
        "tier": services.tier_of(firm.pk) if visible_links.filter(supplier=firm).exists() else None,
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
