"""Two mentors answer the same audit offline (issue 16): each answer carries the version it was
based on; the second to sync does not overwrite the first, both stay on record, and a person
decides."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.five_r import services
from rantai.five_r.models import Answer, AnswerConflict
from tests.five_r.test_api import api  # noqa: F401 (a fixture)
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_auditors(world, five_r, audit_of_a):
    audit_of_a.auditors.add(five_r.other_mentor)
    return world.user("mentor"), five_r.other_mentor


def test_the_second_offline_answer_is_a_conflict_not_an_overwrite(five_r, audit_of_a, two_auditors):
    mentor, other = two_auditors
    item = five_r.items[0]
    services.save_answer(audit=audit_of_a, item=item, score=2, comment="Awal", user=mentor)
    # Both phones loaded version 1, then went offline.
    answer, conflict = services.sync_answer(
        audit=audit_of_a, item=item, score=4, comment="Rapi", base_version=1, user=mentor
    )
    assert conflict is None and (answer.score, answer.version) == (4, 2)

    answer, conflict = services.sync_answer(
        audit=audit_of_a, item=item, score=1, comment="Berantakan", base_version=1, user=other
    )
    assert answer.score == 4 and answer.version == 2  # the saved answer stays
    assert (conflict.score, conflict.comment, conflict.sent_by) == (1, "Berantakan", other)
    assert (conflict.base_version, conflict.server_version, conflict.is_open) == (1, 2, True)
    # Both answers are on record: the server's in the answer's history, the other in the conflict.
    assert [h.score for h in Answer.history.filter(audit_id=audit_of_a.pk)] == [4, 2]

    # The phone never heard the 409 and sends again: still one conflict.
    services.sync_answer(
        audit=audit_of_a, item=item, score=1, comment="Berantakan", base_version=1, user=other
    )
    assert AnswerConflict.objects.count() == 1

    # Submitting waits for a person to decide.
    with pytest.raises(ValidationError, match="konflik"):
        services.submit(audit=audit_of_a, user=mentor)

    services.decide_conflict(conflict=conflict, take=True, user=mentor)
    answer.refresh_from_db()
    conflict.refresh_from_db()
    assert (answer.score, answer.comment, answer.version) == (1, "Berantakan", 3)
    assert conflict.status == AnswerConflict.Status.TAKEN and conflict.decided_by == mentor
    newest = Answer.history.filter(audit_id=audit_of_a.pk).first()
    assert newest.history_user == mentor and "other_mentor" not in newest.history_change_reason
    assert newest.history_change_reason.startswith("Konflik diputuskan")
    with pytest.raises(ValidationError):
        services.decide_conflict(conflict=conflict, take=False, user=mentor)


def test_an_answer_sent_twice_or_equal_to_the_saved_one_is_no_conflict(
    five_r, audit_of_a, two_auditors
):
    mentor, other = two_auditors
    item = five_r.items[1]
    first, _none = services.sync_answer(
        audit=audit_of_a, item=item, score=3, base_version=0, user=mentor
    )
    again, conflict = services.sync_answer(
        audit=audit_of_a, item=item, score=3, base_version=0, user=mentor
    )
    assert conflict is None and again.version == first.version == 1
    # The other mentor reached the same answer offline: nothing to decide.
    _same, conflict = services.sync_answer(
        audit=audit_of_a, item=item, score=3, base_version=0, user=other
    )
    assert conflict is None and Answer.history.filter(audit_id=audit_of_a.pk).count() == 1


def test_keeping_the_saved_answer_leaves_it_as_it_was(five_r, audit_of_a, two_auditors):
    mentor, other = two_auditors
    item = five_r.items[2]
    services.sync_answer(audit=audit_of_a, item=item, score=3, base_version=0, user=mentor)
    _answer, conflict = services.sync_answer(
        audit=audit_of_a, item=item, not_applicable=False, score=0, base_version=0, user=other
    )
    before = fingerprint()
    services.decide_conflict(conflict=conflict, take=False, user=other)
    assert fingerprint() == before
    conflict.refresh_from_db()
    assert conflict.status == AnswerConflict.Status.KEPT


def test_a_conflict_through_the_api_is_a_409_and_is_decided_there(
    world,
    five_r,
    audit_of_a,
    two_auditors,
    api,  # noqa: F811
):
    _mentor, other = two_auditors
    item = five_r.items[0]
    url = f"/api/v1/5r/audits/{audit_of_a.pk}/answers/"
    first = api("mentor").post(url, {"item": item.pk, "score": 4, "base_version": 0}, "json")
    assert first.status_code == 200 and first.json()["version"] == 1

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other).key}")
    clash = client.post(url, {"item": item.pk, "score": 1, "base_version": 0}, "json")
    assert clash.status_code == 409
    body = clash.json()
    assert body["answer"]["score"] == 4 and body["conflict"]["score"] == 1
    assert body["conflict"]["sent_by"] == "other_mentor"
    conflicts = api("mentor").get(f"/api/v1/5r/audits/{audit_of_a.pk}/").json()["conflicts"]
    assert [c["status"] for c in conflicts] == ["open"]

    # The firm's owner sees the audit but decides nothing; nothing is written.
    before = fingerprint()
    refused = api("firm_a").post(
        f"/api/v1/5r/audits/{audit_of_a.pk}/conflicts/{body['conflict']['id']}/",
        {"take": True},
        "json",
    )
    assert refused.status_code == 403 and fingerprint() == before

    decided = api("mentor").post(
        f"/api/v1/5r/audits/{audit_of_a.pk}/conflicts/{body['conflict']['id']}/",
        {"take": True},
        "json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "taken"
    assert Answer.objects.get(audit=audit_of_a, item=item).score == 1
