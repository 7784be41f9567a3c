"""``{% load calloffs %}``: a call-off's parts, drawn as the board draws them (cells.py)."""

from django import template

from rantai.calloffs import cells

register = template.Library()

register.simple_tag(cells.status, name="call_off_status")
register.simple_tag(cells.quantity, name="call_off_quantity")
register.simple_tag(cells.part, name="call_off_part")
register.simple_tag(cells.due, name="call_off_due")
