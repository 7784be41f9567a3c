"""``{% load pdf %}``: stored pictures in a PDF template (see core.pdf)."""

from django import template

from rantai.core.pdf import stored_picture_src

register = template.Library()


@register.filter
def stored_picture(field_file) -> str:
    """``<img src="{{ photo.image|stored_picture }}">``: the photo as WeasyPrint reads it from
    the default storage, whether that is a folder or an S3 bucket."""
    return stored_picture_src(field_file.name)
