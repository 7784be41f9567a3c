import json

import pytest
from django.core.exceptions import ValidationError

from rantai.five_r import checklists
from rantai.five_r.models import AuditTemplate, Item

pytestmark = pytest.mark.django_db


def test_the_default_checklist_is_installed_by_the_migrations():
    template = AuditTemplate.objects.get(code="5r-logam", version=1)
    sections = list(template.sections.values_list("code", flat=True))
    assert sections == ["ringkas", "rapi", "resik", "rawat", "rajin"]
    items = Item.objects.filter(section__template=template)
    assert items.count() >= 25
    assert all(items.filter(section__code=code).count() >= 5 for code in sections)
    for item in items:
        assert item.text and item.text_en and item.guidance and item.guidance_en
        assert all(item.levels[str(n)]["id"] and item.levels[str(n)]["en"] for n in range(0, 5))


def test_json_round_trip_gives_the_same_document():
    template = checklists.load_default()
    document = json.loads(checklists.to_json(template))
    copy = checklists.create(document)
    assert copy.version == template.version + 1
    assert checklists.as_document(copy) | {"version": 0} == document | {"version": 0}


def test_xlsx_round_trip_gives_the_same_document():
    template = checklists.load_default()
    data = checklists.from_xlsx(checklists.to_xlsx(template))
    copy = checklists.create(data)
    original = checklists.as_document(template)
    assert checklists.as_document(copy)["sections"] == original["sections"]
    assert checklists.as_document(copy)["scale"] == original["scale"]


def test_a_broken_checklist_is_refused_whole_and_nothing_is_written():
    document = checklists.as_document(checklists.load_default())
    document["sections"][0]["items"][0]["levels"].pop("3")
    document["sections"][1]["items"][0]["weight"] = "berat"
    document["sections"][2]["items"][1]["code"] = document["sections"][2]["items"][0]["code"]
    before = AuditTemplate.objects.count()
    with pytest.raises(ValidationError) as error:
        checklists.create(document)
    messages = error.value.messages
    assert len(messages) == 3
    assert any("3" in m for m in messages)
    assert AuditTemplate.objects.count() == before


def test_a_file_that_is_not_a_checklist_is_refused():
    with pytest.raises(ValidationError):
        checklists.validate({"hello": "world"})
    with pytest.raises(ValidationError):
        checklists.from_json(b"\xff\xfe not json")
    with pytest.raises(ValidationError):
        checklists.from_xlsx(b"PK\x03\x04 broken")


def test_a_new_version_leaves_the_old_one_as_it_was(world, five_r, audit_of_a):
    template = five_r.template
    before = checklists.as_document(template)
    copy = checklists.new_version(template, user=world.user("officer"))
    assert (copy.code, copy.version, copy.based_on) == (
        template.code,
        template.version + 1,
        template,
    )
    assert checklists.as_document(template) == before
    assert template.is_in_use and not copy.is_in_use
