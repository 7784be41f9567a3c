"""The emails we send: one entry point, ``notify``, and nothing else sends mail by hand.

``notify(recipients, compose)`` tells people something, each in their own language:

* ``recipients`` are users (anything with ``email`` and ``language``, as
  ``rantai.accounts.models.User``) and/or plain email addresses (for someone who has no account
  yet, as an invitation's address, or a contact typed into a form). A plain address is written to
  in the site's default language (``settings.LANGUAGE_CODE``), a user in ``user.language``; an
  address given both ways goes once, in the user's language; empty addresses are skipped.
* ``compose()`` takes no arguments and returns ``(subject, body)``, or a ``Mail`` when there is
  an attachment. It is called once per language among the recipients, inside
  ``translation.override(language)``, so whatever it translates, formats (dates, numbers) or
  renders comes out in that language. Close over what it needs.
* Recipients sharing a language get one message, all of them in ``To`` (as the reminders always
  did); the subject goes through ``subject_line``. Mails are plain text: templates for bodies are
  ``.txt`` wrapped in ``{% autoescape off %}``, so what users typed (a firm's name with "&")
  reaches the reader as typed, never HTML-escaped.

It returns the messages sent, one per language. Callers pick the recipients (their rules stay
with their app) and keep records with ``addresses(recipients)``. The in-app inbox is meant to
hang off this same entry point, so a new kind of notice should call ``notify`` and not
``send_mail``.
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation


class Recipient(Protocol):
    email: str
    language: str


class Mail(NamedTuple):
    """What ``compose`` returns when a plain ``(subject, body)`` is not enough."""

    subject: str
    body: str
    # As ``EmailMessage.attach`` takes them: (filename, content, mimetype or None).
    attachments: tuple[tuple[str, bytes | str, str | None], ...] = ()


def subject_line(text: str) -> str:
    """``text`` on one line: a firm's or an event's name in a subject may hold a line break,
    which would make Django refuse the whole message (BadHeaderError) or, in another mailer,
    start a header of its own."""
    return " ".join(str(text).split())


def _address_and_language(recipient: "Recipient | str") -> tuple[str, str | None]:
    if isinstance(recipient, str):
        return recipient.strip(), None
    return (recipient.email or "").strip(), getattr(recipient, "language", None)


def addresses(recipients: Iterable["Recipient | str"]) -> list[str]:
    """The distinct, non-empty email addresses of ``recipients``, in order."""
    found = (_address_and_language(recipient)[0] for recipient in recipients)
    return list(dict.fromkeys(address for address in found if address))


def by_language(recipients: Iterable["Recipient | str"]) -> dict[str, list[str]]:
    """``recipients``' addresses grouped by the language they are written to in (each address
    once, in order of first appearance; a user's own language wins over a plain address)."""
    known = {code for code, _name in settings.LANGUAGES}
    chosen: dict[str, str | None] = {}
    for recipient in recipients:
        address, language = _address_and_language(recipient)
        if not address:
            continue
        if language not in known:
            language = None
        if chosen.get(address) is None:  # not seen yet, or seen only as a plain address
            chosen[address] = language
    groups: dict[str, list[str]] = {}
    for address, language in chosen.items():
        groups.setdefault(language or settings.LANGUAGE_CODE, []).append(address)
    return groups


def notify(
    recipients: Iterable["Recipient | str"],
    compose: Callable[[], "Mail | tuple[str, str]"],
) -> list[EmailMessage]:
    """Email ``recipients``, each in their language, what ``compose()`` makes of it (see the
    module's docstring). Returns the messages sent."""
    sent = []
    for language, to in by_language(recipients).items():
        with translation.override(language):
            mail = Mail(*compose())
        message = EmailMessage(subject_line(mail.subject), mail.body, None, to)
        for attachment in mail.attachments:
            message.attach(*attachment)
        message.send()
        sent.append(message)
    return sent
