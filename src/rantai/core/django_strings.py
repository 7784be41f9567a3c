"""Strings Django 6.1 shows that its own Indonesian catalogue does not translate yet.

Listing them here puts them in our catalogue (locale/id), which takes precedence over Django's.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
]
