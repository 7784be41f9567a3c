"""``notify``: one message per language among the recipients, each composed in its language."""

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _

from rantai.core.mail import Mail, addresses, by_language, notify
from tests.factories import UserFactory


def compose():
    return f"{_('English')}\nline", _("Indonesian")


def test_recipients_are_grouped_by_language_each_address_once(db):
    en = UserFactory(username="en", email="en@example.id", language="en")
    id_ = UserFactory(username="id", email="id@example.id", language="id")
    nobody = UserFactory(username="nobody", email="", language="en")
    groups = by_language(["plain@example.id", en, id_, nobody, "", "en@example.id", en])
    assert groups == {"id": ["plain@example.id", "id@example.id"], "en": ["en@example.id"]}
    # A plain address that is also a user's goes in the user's language, where it first came.
    assert by_language(["en@example.id", id_, en]) == {
        "en": ["en@example.id"],
        "id": ["id@example.id"],
    }
    assert addresses(["plain@example.id", en, nobody, "en@example.id"]) == [
        "plain@example.id",
        "en@example.id",
    ]


def test_each_language_gets_its_own_message_composed_in_it(db):
    en = UserFactory(username="en", email="en@example.id", language="en")
    id_ = UserFactory(username="id", email="id@example.id", language="id")
    calls = []

    def counting():
        calls.append(translation.get_language())
        return compose()

    before = translation.get_language()
    sent = notify([id_, "someone@example.id", en], counting, kind="survey")
    assert translation.get_language() == before
    assert calls == ["id", "en"] and len(sent) == len(mail.outbox) == 2
    indonesian, english = mail.outbox
    assert indonesian.to == ["id@example.id", "someone@example.id"]
    assert indonesian.subject == "Bahasa Inggris line" and indonesian.body == "Bahasa Indonesia"
    assert english.to == ["en@example.id"]
    assert english.subject == "English line" and english.body == "Indonesian"


def test_attachments_and_nobody_to_tell(db):
    assert notify([], compose, kind="survey") == []
    assert notify(["", UserFactory(email="")], compose, kind="survey") == []
    assert mail.outbox == []
    notify(["a@example.id"], lambda: Mail("S", "B", (("a.txt", "x", "text/plain"),)), kind="survey")
    assert mail.outbox[0].attachments[0] == ("a.txt", "x", "text/plain")
