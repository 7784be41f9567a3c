"""What we tell people: one entry point, ``notify``, and nothing else sends mail or writes to
the inbox by hand.

``notify(recipients, compose, kind=, url=)`` tells people something, each in their own language:

* ``recipients`` are users (``rantai.accounts.models.User``) and/or plain email addresses (for
  someone who has no account yet, as an invitation's address, or a contact typed into a form). A
  plain address is written to in the site's default language (``settings.LANGUAGE_CODE``), a user
  in ``user.language``; an address that is also a recipient user's goes as that user's (his
  language, his preference); empty addresses are skipped.
* ``compose()`` takes no arguments and returns ``(subject, body)``, or a ``Mail`` when there is
  an attachment. It is called once per language among the recipients, inside
  ``translation.override(language)``, so whatever it translates, formats (dates, numbers) or
  renders comes out in that language. Close over what it needs. Bodies are plain text:
  templates for them are ``.txt`` wrapped in ``{% autoescape off %}``, so what users typed (a
  firm's name with "&") reaches the reader as typed.
* ``kind`` (``Notification.Kind``) and ``url`` (a path on the site, where to act) go with it.
* Every user recipient gets an in-app ``inbox.Notification`` in his language, whatever his
  preference (``User.notify_by``); email goes at once only to users who chose it (the default)
  and to plain addresses. Users who chose the digest get their unread notices of the day in one
  email from ``send_digests`` (``manage.py send_notification_digests``, daily).
* Emails carry the text and an HTML alternative (``core/email/message.html``, where the text is
  escaped). Those sharing a language get one message, all of them in ``To`` (as the reminders
  always did); the subject goes through ``subject_line``.

It returns the messages sent, one per language that has an address to write to. A mail server
that refuses or cannot be reached is logged and does not fail the caller: what the person did and
the in-app notices stand. Callers pick the
recipients (their rules stay with their app) and keep records with ``addresses(recipients)``.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rantai.accounts.models import User
from rantai.inbox.models import Notification

logger = logging.getLogger(__name__)


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


def _language(language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def link(url: str) -> str:
    """``url`` as a reader's mail program needs it: a path on the site becomes absolute."""
    return settings.SITE_URL + url if url.startswith("/") else url


def _emails_now(user: User) -> bool:
    return bool((user.email or "").strip()) and user.notify_by == User.NotifyBy.EMAIL


def _message(to: list[str], mail: Mail, html: str) -> EmailMessage:
    message = EmailMultiAlternatives(subject_line(mail.subject), mail.body, None, to)
    message.attach_alternative(html, "text/html")
    for attachment in mail.attachments:
        message.attach(*attachment)
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        # A mail server that is down must not undo what the person did: the in-app notice is
        # stored with the action; the email is logged as lost.
        logger.exception("Email to %s not sent: %s", ", ".join(to), message.subject)
    return message


class _Audience(NamedTuple):
    users: list[User]
    emails: list[str]


def notify(
    recipients: Iterable["Recipient | str"],
    compose: Callable[[], "Mail | tuple[str, str]"],
    *,
    kind: str,
    url: str = "",
) -> list[EmailMessage]:
    """Tell ``recipients``, each in their language, what ``compose()`` makes of it: in the
    inbox for users, by email as each prefers (see the module's docstring). Returns the
    messages sent."""
    recipients = list(recipients)
    user_addresses = {(r.email or "").strip() for r in recipients if not isinstance(r, str)}
    groups: dict[str, _Audience] = {}
    seen: set = set()
    for recipient in recipients:
        if isinstance(recipient, str):
            address = recipient.strip()
            if address and address not in user_addresses and address not in seen:
                seen.add(address)
                groups.setdefault(_language(None), _Audience([], [])).emails.append(address)
        elif recipient.pk not in seen:
            seen.add(recipient.pk)
            audience = groups.setdefault(_language(recipient.language), _Audience([], []))
            audience.users.append(recipient)
            if _emails_now(recipient) and recipient.email.strip() not in audience.emails:
                audience.emails.append(recipient.email.strip())
    now = timezone.now()
    sent = []
    for language, audience in groups.items():
        with translation.override(language):
            mail = Mail(*compose())
            html = render_to_string(
                "core/email/message.html",
                {"subject": subject_line(mail.subject), "body": mail.body, "url": link(url)},
            )
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kind,
                subject=subject_line(mail.subject)[:300],
                body=mail.body,
                url=url,
                emailed_at=now if _emails_now(user) else None,
            )
            for user in audience.users
        )
        if audience.emails:
            sent.append(_message(audience.emails, mail, html))
    return sent


DIGEST_PERIOD = timedelta(days=1)


def send_digests(now: datetime | None = None) -> list[EmailMessage]:
    """One email to each user who chose the daily digest, in his language, with his unread
    notifications of the last day that no email carried yet; they are marked as emailed, so a
    second run sends nothing twice."""
    now = now or timezone.now()
    pending = Notification.objects.unread().filter(
        emailed_at__isnull=True,
        created_at__gt=now - DIGEST_PERIOD,
        created_at__lte=now,
        recipient__notify_by=User.NotifyBy.DIGEST,
        recipient__is_active=True,
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending.exclude(recipient__email="").select_related("recipient"):
        by_user.setdefault(notification.recipient_id, []).append(notification)
    sent = []
    for notifications in by_user.values():
        user = notifications[0].recipient
        with translation.override(_language(user.language)):
            subject = _("Rantai: new notifications (%(count)d)") % {"count": len(notifications)}
            context = {
                "subject": subject,
                "items": [(n, link(n.url)) for n in notifications],
                "inbox": link(reverse("inbox:list")),
                "intro": _("What happened on Rantai since yesterday:"),
            }
            mail = Mail(subject, render_to_string("core/email/digest.txt", context))
            html = render_to_string("core/email/digest.html", context)
        sent.append(_message([user.email.strip()], mail, html))
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    return sent
