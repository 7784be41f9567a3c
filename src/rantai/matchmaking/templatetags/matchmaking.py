from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def other_party(meeting, registration):
    """The one ``registration`` meets in ``meeting``."""
    return meeting.other_party(registration)
