from django import forms
from django.test.html import parse_html

from rantai.core.forms import QuickSelect


def test_a_quick_select_writes_the_same_html_as_django_s_select():
    choices = [("", "---------"), ("33.28", "Kabupaten Tegal"), ("33.74", 'Kota "Semarang" <&>')]
    for value in (None, "33.74", ""):
        attrs = {"id": "id_region", "class": "form-select", "data-searchable": "true"}
        ours = QuickSelect(attrs=attrs, choices=choices).render("region", value)
        django = forms.Select(attrs=attrs, choices=choices).render("region", value)
        assert parse_html(ours) == parse_html(django), value
    assert "&lt;&amp;&gt;" in ours and "<&>" not in ours


def test_grouped_choices_are_left_to_django():
    choices = [("Jawa Tengah", [("33.28", "Kabupaten Tegal")])]
    html = QuickSelect(choices=choices).render("region", "33.28")
    assert "<optgroup" in html and "selected" in html
