"""A phone's outbox file, imported on the server (five_r/outbox.py): by the service, the page,
the API and the command. All or nothing, twice is once, a conflict is never an overwrite, and
a refusal writes nothing."""

import base64
import hashlib
import json
import uuid

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from rantai.five_r import checklists, outbox, services, uploads
from rantai.five_r.models import Answer, AnswerConflict, Audit, Photo
from tests.factories import AuditFactory, FirmFactory, place
from tests.five_r.conftest import jpeg
from tests.test_api_matrix import client_for
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

PHOTO_ID = "6f1c2a9e-5b7d-4e1a-9c3f-2d8e7a6b5c41"
SECOND_PHOTO_ID = "0b6c9d2e-1f3a-4c5b-8d7e-9f0a1b2c3d4e"


def photo_entry(audit, item=None, photo_id=PHOTO_ID, kind="before", colour=(200, 30, 30)):
    content = jpeg(colour=colour).read()
    return {
        "id": photo_id,
        "audit": audit.pk,
        "item": item.pk if item else None,
        "kind": kind,
        "caption": "Rak alat sebelum ditata",
        "sha256": hashlib.sha256(content).hexdigest(),
        "data": base64.b64encode(content).decode(),
    }


def document(audit, items, **changes) -> dict:
    """Two answers and two photos (one of an item, one of the whole audit) for ``audit``."""
    return {
        "format": "rantai-5r-outbox",
        "version": 1,
        "exported_at": "2026-06-15T10:15:00+07:00",
        "user": "mentor",
        "answers": [
            {
                "audit": audit.pk,
                "item": items[0].pk,
                "score": 3,
                "not_applicable": False,
                "comment": "Alat sudah dipilah",
                "base_version": 0,
                "answered_at": "2026-06-15T09:58:00+07:00",
            },
            {
                "audit": audit.pk,
                "item": items[1].pk,
                "score": None,
                "not_applicable": False,
                "comment": "Belum dinilai",
                "base_version": 0,
                "answered_at": None,
            },
        ],
        "photos": [
            photo_entry(audit, items[0]),
            photo_entry(audit, None, SECOND_PHOTO_ID, "evidence", (30, 200, 30)),
        ],
        **changes,
    }


def raw(doc: dict) -> bytes:
    return json.dumps(doc).encode()


def upload(doc: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("outbox-mentor.json", raw(doc), content_type="application/json")


def refusal(user, content: bytes) -> list[str]:
    """The messages of the import's refusal, in English; the database is left as it was."""
    before = fingerprint()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        outbox.import_outbox(content, user=user)
    assert fingerprint() == before
    return refused.value.messages


def test_a_valid_file_imports_its_answers_and_photos(world, five_r, audit_of_a):
    admin = world.user("admin")
    result = outbox.import_outbox(raw(document(audit_of_a, five_r.items)), user=admin)

    assert result.as_dict() == {
        "answers_saved": 2,
        "answers_unchanged": 0,
        "conflicts": 0,
        "photos_added": 2,
        "photos_known": 0,
        "outcomes_recorded": 0,
        "audits": [audit_of_a.pk],
    }
    answers = {a.item_id: a for a in audit_of_a.answers.all()}
    first, second = answers[five_r.items[0].pk], answers[five_r.items[1].pk]
    assert (first.score, first.comment, first.version) == (3, "Alat sudah dipilah", 1)
    assert (second.score, second.comment) == (None, "Belum dinilai")
    assert first.history.first().history_user == admin  # the administrator wrote it
    photos = {str(p.uuid): p for p in audit_of_a.photos.all()}
    assert set(photos) == {PHOTO_ID, SECOND_PHOTO_ID}
    kept = photos[PHOTO_ID]
    assert (kept.item, kept.kind, kept.caption, kept.uploaded_by) == (
        five_r.items[0],
        "before",
        "Rak alat sebelum ditata",
        admin,
    )
    assert (kept.width, kept.height) == (800, 600)
    assert photos[SECOND_PHOTO_ID].item is None


def test_importing_the_same_file_twice_adds_nothing(world, five_r, audit_of_a):
    admin, content = world.user("admin"), raw(document(audit_of_a, five_r.items))
    outbox.import_outbox(content, user=admin)
    before = fingerprint()

    again = outbox.import_outbox(content, user=admin)

    assert fingerprint() == before
    assert (again.answers_saved, again.answers_unchanged, again.conflicts) == (0, 2, 0)
    assert (again.photos_added, again.photos_known) == (0, 2)


def test_an_answer_changed_on_the_server_meanwhile_becomes_a_conflict(world, five_r, audit_of_a):
    mentor, admin, item = world.user("mentor"), world.user("admin"), five_r.items[0]
    services.save_answer(audit=audit_of_a, item=item, score=1, comment="Awal", user=mentor)
    # The phone read version 1 and went offline; meanwhile another phone made it version 2.
    services.save_answer(audit=audit_of_a, item=item, score=4, comment="Rapi", user=mentor)
    doc = document(audit_of_a, five_r.items, photos=[])
    doc["answers"][0]["base_version"] = 1

    result = outbox.import_outbox(raw(doc), user=admin)

    assert (result.answers_saved, result.conflicts) == (1, 1)
    answer = Answer.objects.get(audit=audit_of_a, item=item)
    assert (answer.score, answer.comment, answer.version) == (4, "Rapi", 2)  # not written over
    conflict = AnswerConflict.objects.get()
    assert (conflict.score, conflict.comment, conflict.base_version) == (3, "Alat sudah dipilah", 1)
    assert (conflict.server_version, conflict.sent_by, conflict.is_open) == (2, admin, True)
    assert conflict.answered_at.isoformat() == "2026-06-15T02:58:00+00:00"

    again = outbox.import_outbox(raw(doc), user=admin)
    assert (again.answers_unchanged, again.conflicts) == (1, 1)
    assert AnswerConflict.objects.count() == 1  # the same conflict, kept once


def _submitted(world, five_r):
    return AuditFactory(
        firm=world.firm_b, program=five_r.program, status=Audit.Status.SUBMITTED, auditors=[]
    )


def _other_checklist_item(world, five_r):
    copy = checklists.new_version(five_r.template, user=world.user("admin"))
    return services.items_of(copy)[0]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("not json", "The file is not valid JSON."),
        ("another format", "This is not an outbox exported by the 5R capture app"),
        ("another version", "This outbox is of version 2; Rantai reads version 1."),
        ("nothing in it", "The file holds no answers and no photos."),
        ("missing field", "Answer 2: The field base_version is missing."),
        ("wrong type", "Answer 1: The field score must be a whole number."),
        ("score out of range", "Answer 1: The score must be between 0 and 4."),
        ("unknown audit", "Answer 1: Audit 999999 was not found."),
        ("unknown item", "Answer 2: Item 999999 was not found."),
        ("item not on the checklist", "Answer 1: Item {item} is not on the checklist of audit"),
        ("submitted audit", "Photo 2: Audit {submitted} has been submitted"),
        ("answered twice", "Answer 2: Item {item} of audit {audit} is answered twice"),
        ("bad uuid", "Photo 1: The id nope is not a UUID."),
        ("bad base64", "Photo 1: The photo's data is not valid base64."),
        ("sha256 mismatch", "Photo 2: The photo does not match its SHA-256"),
        ("not a picture", "Photo 1: This file is not a photo (JPEG, PNG or WebP)."),
        ("unknown kind", "Photo 1: The kind selfie is not one of: before, after, evidence"),
        ("NUL character", "Answer 1: Null characters are not allowed."),
        ("huge numbers", "Answer 1: Audit 99999999999999999999999 was not found."),
        ("huge version", "Answer 2: The field base_version must be a version number"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_message(world, five_r, audit_of_a, case, expected):
    doc = document(audit_of_a, five_r.items)
    answers, photos = doc["answers"], doc["photos"]
    names = {"audit": audit_of_a.pk}
    if case == "another format":
        doc["format"] = "rantai-5r-template"
    elif case == "another version":
        doc["version"] = 2
    elif case == "nothing in it":
        doc["answers"], doc["photos"] = [], []
    elif case == "missing field":
        del answers[1]["base_version"]
    elif case == "wrong type":
        answers[0]["score"] = "3"
    elif case == "score out of range":
        answers[0]["score"] = 7
    elif case == "unknown audit":
        answers[0]["audit"] = 999999
    elif case == "unknown item":
        answers[1]["item"] = 999999
    elif case == "item not on the checklist":
        names["item"] = answers[0]["item"] = _other_checklist_item(world, five_r).pk
    elif case == "submitted audit":
        names["submitted"] = photos[1]["audit"] = _submitted(world, five_r).pk
    elif case == "answered twice":
        answers[1]["item"] = names["item"] = five_r.items[0].pk
    elif case == "bad uuid":
        photos[0]["id"] = "nope"
    elif case == "bad base64":
        photos[0]["data"] = "bukan base64!"
    elif case == "sha256 mismatch":
        photos[1]["sha256"] = photos[0]["sha256"]
    elif case == "not a picture":
        content = b"<html><script>alert(1)</script></html>"
        photos[0]["data"] = base64.b64encode(content).decode()
        photos[0]["sha256"] = hashlib.sha256(content).hexdigest()
    elif case == "unknown kind":
        photos[0]["kind"] = "selfie"
    elif case == "NUL character":
        answers[0]["comment"] = "Rak\x00alat"
    elif case == "huge numbers":
        answers[0]["audit"] = 99999999999999999999999
    elif case == "huge version":
        answers[1]["base_version"] = 2**40
    content = b"{not json" if case == "not json" else raw(doc)

    messages = refusal(world.user("admin"), content)

    assert len(messages) == 1 and messages[0].startswith(expected.format(**names)), messages
    assert not Answer.objects.exists() and not Photo.objects.exists()


def test_every_problem_of_the_file_is_named(world, five_r, audit_of_a):
    doc = document(audit_of_a, five_r.items)
    doc["answers"][0]["audit"] = 999999
    doc["answers"][1]["comment"] = 5
    doc["photos"][1]["sha256"] = "abc"
    assert refusal(world.user("admin"), raw(doc)) == [
        "Answer 1: Audit 999999 was not found.",
        "Answer 2: The field comment must be text.",
        "Photo 2: Give the SHA-256 as 64 hexadecimal characters.",
    ]


def test_only_administrators_and_staff_may_import(world, five_r, audit_of_a):
    content = raw(document(audit_of_a, five_r.items))
    for persona in ("mentor", "officer", "firm_a"):
        before = fingerprint()
        with pytest.raises(PermissionDenied):
            outbox.import_outbox(content, user=world.user(persona))
        assert fingerprint() == before


def test_staff_import_only_into_audits_they_may_change(world, five_r, audit_of_a):
    """Staff may open the import; each audit still asks the rule of the capture page."""
    owner = world.user("firm_a")  # sees the firm's audit, may not answer it
    owner.is_staff = True
    owner.save()
    assert refusal(owner, raw(document(audit_of_a, five_r.items, photos=[]))) == [
        f"Answer 1: You may not change audit {audit_of_a.pk}.",
        f"Answer 2: You may not change audit {audit_of_a.pk}.",
    ]

    mentor = world.user("mentor")  # mentors firm A's audit, knows nothing of a Semarang one
    mentor.is_staff = True
    mentor.save()
    elsewhere = AuditFactory(firm=FirmFactory(**place("33.74.05.1001")), auditors=[])
    doc = document(audit_of_a, five_r.items)
    doc["photos"][1]["audit"] = elsewhere.pk
    assert refusal(mentor, raw(doc)) == [f"Photo 2: Audit {elsewhere.pk} was not found."]

    doc["photos"][1]["audit"] = audit_of_a.pk  # only its own audit: the mentor imports it
    assert outbox.import_outbox(raw(doc), user=mentor).photos_added == 2


def test_a_photo_begun_in_pieces_is_finished_by_the_import(world, five_r, audit_of_a):
    entry = photo_entry(audit_of_a, five_r.items[0])
    size = len(base64.b64decode(entry["data"]))
    started, _created = uploads.start(
        audit=audit_of_a,
        user=world.user("mentor"),
        uuid=PHOTO_ID,
        size=size,
        sha256=entry["sha256"],
    )
    outbox.import_outbox(raw(document(audit_of_a, five_r.items)), user=world.user("admin"))
    started.refresh_from_db()
    assert started.complete and started.photo.uuid == uuid.UUID(PHOTO_ID)
    assert started.received == size  # the phone, asking again, hears it is done


# ---- the page -------------------------------------------------------------------------------


def test_an_administrator_imports_a_file_on_the_page(world, five_r, audit_of_a, client, run_tasks):
    client.force_login(world.user("admin"))
    url = reverse("five_r:outbox-import")
    assert client.get(url).status_code == 200

    with run_tasks():
        response = client.post(url, {"file": upload(document(audit_of_a, five_r.items))})

    job = response.url  # the job's page, with its progress
    result_page = client.get(job)  # finished: back to the import page, with what it brought
    assert result_page.status_code == 302 and "?job=" in result_page.url
    page = client.get(result_page.url)
    assert page.status_code == 200
    shown = page.content.decode()
    for testid, count in (("answers-saved", 2), ("photos-added", 2), ("conflicts", 0)):
        assert f'data-testid="{testid}">{count}<' in shown
    assert audit_of_a.answers.count() == 2 and audit_of_a.photos.count() == 2


def test_the_page_shows_what_is_wrong_and_writes_nothing(world, five_r, audit_of_a, client):
    admin = world.user("admin")
    admin.language = "en"
    admin.save()
    client.force_login(admin)
    doc = document(audit_of_a, five_r.items)
    doc["photos"][0]["sha256"] = doc["photos"][1]["sha256"]
    before = fingerprint()

    response = client.post(reverse("five_r:outbox-import"), {"file": upload(doc)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Photo 1: The photo does not match its SHA-256: the file was damaged or changed."
    ]
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("firm_a", 403), ("officer", 403), ("anonymous", 302)]
)
def test_the_page_is_refused_to_others(world, five_r, audit_of_a, client, persona, status):
    if world.user(persona):
        client.force_login(world.user(persona))
    url = reverse("five_r:outbox-import")
    before = fingerprint()
    assert client.get(url).status_code == status
    posted = client.post(url, {"file": upload(document(audit_of_a, five_r.items))})
    assert posted.status_code == status
    assert fingerprint() == before


# ---- the API and the command ----------------------------------------------------------------

API = "/api/v1/5r/outbox-imports/"


def test_the_api_imports_a_file(world, five_r, audit_of_a):
    client = client_for(world.user("admin"))
    response = client.post(API, {"file": upload(document(audit_of_a, five_r.items))})
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "answers_saved": 2,
        "answers_unchanged": 0,
        "conflicts": 0,
        "photos_added": 2,
        "photos_known": 0,
        "outcomes_recorded": 0,
        "audits": [audit_of_a.pk],
    }
    assert audit_of_a.photos.count() == 2


def test_the_api_refuses_as_the_page_does(world, five_r, audit_of_a):
    admin = world.user("admin")
    wrong = document(audit_of_a, five_r.items)
    wrong["answers"][0]["item"] = _other_checklist_item(world, five_r).pk
    right = document(audit_of_a, five_r.items)
    before = fingerprint()

    for user, status in ((world.user("mentor"), 403), (world.user("firm_a"), 403), (None, 401)):
        assert client_for(user).post(API, {"file": upload(right)}).status_code == status
    english = client_for(admin)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = english.post(API, {"file": upload(wrong)})

    assert refused.status_code == 400
    assert refused.json()["file"][0].startswith("Answer 1: Item ")
    assert fingerprint() == before


def test_the_command_imports_a_file(world, five_r, audit_of_a, tmp_path, capsys):
    path = tmp_path / "outbox.json"
    path.write_bytes(raw(document(audit_of_a, five_r.items)))

    call_command("import_outbox", str(path), user="admin")

    assert capsys.readouterr().out.splitlines() == [
        "answers saved: 2",
        "answers unchanged: 0",
        "conflicts: 0",
        "photos added: 2",
        "photos known: 0",
        "outcomes recorded: 0",
        f"audits: {audit_of_a.pk}",
    ]
    assert audit_of_a.answers.count() == 2


def test_the_command_refuses_and_writes_nothing(world, five_r, audit_of_a, tmp_path):
    doc = document(audit_of_a, five_r.items)
    doc["photos"][0]["data"] = "###"
    path = tmp_path / "outbox.json"
    path.write_bytes(raw(doc))
    before = fingerprint()
    with translation.override("en"):
        with pytest.raises(CommandError, match="Photo 1: The photo's data is not valid base64"):
            call_command("import_outbox", str(path), user="admin")
        with pytest.raises(CommandError, match="Only administrators"):
            call_command("import_outbox", str(path), user="mentor")
        with pytest.raises(CommandError, match="no active user nobody"):
            call_command("import_outbox", str(path), user="nobody")
    assert fingerprint() == before


def test_outcome_indicators_measured_offline_are_imported_and_checked(world, five_r, audit_of_a):
    admin = world.user("admin")
    measured = {"cari-alat": ["95", "120", "60", "80", "145"], "waktu-setup": ["75"]}
    doc = document(
        audit_of_a, five_r.items, outcomes=[{"audit": audit_of_a.pk, "values": measured}]
    )
    result = outbox.import_outbox(raw(doc), user=admin)
    assert result.outcomes_recorded == 1
    values = {
        m.indicator.code: m.value for m in audit_of_a.measurements.select_related("indicator")
    }
    assert values == {"cari-alat": 100, "waktu-setup": 75}

    # A negative time: the whole file is refused, the answers and photos with it.
    audit_of_a.measurements.all().delete()
    audit_of_a.answers.all().delete()
    audit_of_a.photos.all().delete()
    bad = document(
        audit_of_a,
        five_r.items,
        outcomes=[{"audit": audit_of_a.pk, "values": {"waktu-setup": ["-20"]}}],
    )
    messages = refusal(admin, raw(bad))
    assert len(messages) == 1 and messages[0].startswith("Outcome indicators 1: waktu-setup:")
    assert not audit_of_a.answers.exists()
    refused = refusal(
        admin,
        raw(document(audit_of_a, five_r.items, outcomes=[{"audit": audit_of_a.pk, "values": []}])),
    )
    assert refused == ["Outcome indicators 1: The field values must be an object (JSON)."]
