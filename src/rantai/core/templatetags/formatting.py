"""``{% load formatting %}``: amounts of money as the active language writes them."""

from django import template

from rantai.core import formatting

register = template.Library()


@register.filter
def rupiah(value, decimals=0):
    """``{{ fee|rupiah }}`` → Rp 1.500.000 (Indonesian) or Rp 1,500,000 (English); None → "—".
    ``{{ price|rupiah:2 }}`` shows sen when the amount has them."""
    return formatting.rupiah(value, decimals=int(decimals))
