"""The bad-input matrix, generated: every page form the administrator can open (found through
the access matrix's URLs) and every API create, given wrong types, missing fields, too-long text,
NUL characters, impossible dates, unknown choices and references, and uploads of a false type or
a picture bomb. Each case must be refused with an error (never a 5xx) and write nothing.

The number of cases is printed, so the closing note can quote it (``-s``)."""

import functools
import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.api_urls import router
from tests.test_access_matrix import MATRIX, setup_objects
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


@functools.cache
def _bomb_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (13000, 13000)).save(buffer, "PNG")  # 169 MP in a few hundred KB
    return buffer.getvalue()


def bomb() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.png", _bomb_bytes(), content_type="image/png")


def false_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("dokumen.pdf", b"<html><script>alert(1)</script></html>")


def bad_form_values(field: forms.Field):
    """(case, value) pairs this field must refuse."""
    if isinstance(field, forms.FileField):
        yield "false type", false_pdf()
        yield "image bomb", bomb()
        return
    if isinstance(field, forms.ModelMultipleChoiceField):
        yield "unknown reference", ["999999999"]
    elif isinstance(field, forms.ModelChoiceField):
        yield "unknown reference", "999999999"
    elif isinstance(field, forms.MultipleChoiceField):
        yield "unknown choice", ["<bogus>"]
    elif isinstance(field, forms.ChoiceField):
        yield "unknown choice", "<bogus>"
    elif isinstance(field, forms.DateTimeField):
        yield "impossible date", "2022-02-30 25:61"
    elif isinstance(field, forms.DateField):
        yield "impossible date", "2022-02-30"
    elif isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        yield "wrong type", "=1+1"
        yield "wrong type", "1e999"
    elif isinstance(field, forms.EmailField):
        yield "wrong type", "bukan-email<script>"
    elif isinstance(field, forms.CharField):
        yield "NUL character", "CV Logam\x00Tegal"
        if field.max_length:
            yield "too long", "Ä" * (field.max_length + 1)


def form_pages(client, world, objects):
    for name, kwargs, method, expected in MATRIX:
        if method != "get" or expected["admin"] != 200:
            continue
        url = reverse(name, kwargs=kwargs(world, objects))
        response = client.get(url)
        form = (response.context or {}).get("form") if response.status_code == 200 else None
        if isinstance(form, forms.BaseForm) and form.fields:
            yield name, url, form


def base_data(form: forms.BaseForm) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or isinstance(form.fields[name], forms.FileField):
            continue
        data[form.add_prefix(name)] = value
    return data


def test_every_page_form_refuses_bad_input_and_writes_nothing(world, client, capsys):
    objects = setup_objects(world)
    client.force_login(world.user("admin"))
    cases, failures, forms_seen = 0, [], 0
    for name, url, form in list(form_pages(client, world, objects)):
        forms_seen += 1
        base = base_data(form)
        for field_name, field in form.fields.items():
            if field.disabled or isinstance(field.widget, forms.HiddenInput):
                continue
            for case, value in bad_form_values(field):
                cases += 1
                data = {**base, form.add_prefix(field_name): value}
                before = fingerprint()
                response = client.post(url, data)
                after = fingerprint()
                label = f"{name} {field_name} ({case})"
                bound = response.context.get("form") if response.context else None
                if response.status_code == 405 or (
                    bound is not None and form.add_prefix(field_name) not in bound.data
                ):
                    cases -= 1  # a filter form read from the query string: nothing to post
                    continue
                if response.status_code >= 500:
                    failures.append(f"{label}: {response.status_code}")
                elif before != after:
                    changed = [k for k in before if before[k] != after[k]]
                    failures.append(f"{label}: wrote {changed}")
                elif response.status_code == 200 and not (bound is not None and bound.errors):
                    failures.append(f"{label}: no error shown")
    with capsys.disabled():
        print(f"\nbad-input matrix (pages): {forms_seen} forms, {cases} cases")
    assert forms_seen > 20 and cases > 150
    assert failures == [], "\n".join(failures)


def bad_api_values(field: serializers.Field):
    if isinstance(field, serializers.FileField):
        yield "false type", false_pdf()
        yield "image bomb", bomb()
    elif isinstance(field, serializers.ManyRelatedField):
        yield "unknown reference", [999999999]
        yield "wrong type", "semua"
    elif isinstance(field, serializers.RelatedField):
        yield "unknown reference", 999999999
        yield "wrong type", {"id": 1}
    elif isinstance(field, serializers.ChoiceField):
        yield "unknown choice", "<bogus>"
    elif isinstance(field, serializers.DateTimeField):
        yield "impossible date", "2022-02-30T25:61"
    elif isinstance(field, serializers.DateField):
        yield "impossible date", "2022-02-30"
    elif isinstance(
        field, serializers.DecimalField | serializers.FloatField | serializers.IntegerField
    ):
        yield "wrong type", "=1+1"
        yield "wrong type", [1]
    elif isinstance(field, serializers.CharField):
        yield "NUL character", "CV Logam\x00Tegal"
        yield "wrong type", {"nama": "x"}
        if field.max_length:
            yield "too long", "Ä" * (field.max_length + 1)


def test_every_api_create_refuses_bad_input_and_writes_nothing(world, capsys):
    setup_objects(world)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=world.user("admin"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    cases, failures, routes = 0, [], 0
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "create"):
            continue
        routes += 1
        url = f"/api/v1/{prefix}/"
        serializer_class = getattr(viewset, "serializer_class", None)
        serializer = serializer_class() if serializer_class else None
        variants = [("missing fields", {}), ("not an object", [1, 2])]
        if isinstance(serializer, serializers.Serializer):
            for name, field in serializer.fields.items():
                if field.read_only:
                    continue
                variants += [(f"{name} {case}", {name: v}) for case, v in bad_api_values(field)]
        for case, body in variants:
            cases += 1
            multipart = any(
                isinstance(v, SimpleUploadedFile) for v in getattr(body, "values", list)()
            )
            before = fingerprint()
            response = client.post(url, body, format="multipart" if multipart else "json")
            after = fingerprint()
            label = f"POST {url} {case}"
            if not 400 <= response.status_code < 500:
                failures.append(f"{label}: {response.status_code}")
            elif before != after:
                failures.append(f"{label}: wrote {[k for k in before if before[k] != after[k]]}")
            elif not response.json():
                failures.append(f"{label}: no error message")
    with capsys.disabled():
        print(f"\nbad-input matrix (API): {routes} create routes, {cases} cases")
    assert routes > 10
    assert failures == [], "\n".join(failures)
