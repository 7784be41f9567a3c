"""``core.mail.notify`` and the inbox: one notification per user recipient, in his language; email
as each prefers (at once, in the daily digest, or not at all); plain addresses by email only;
HTML and text alternatives with what users typed kept as text."""

import io
from datetime import timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.models import User
from rantai.core.mail import notify, send_digests
from rantai.inbox.models import Notification
from tests.factories import UserFactory


def compose():
    return _("Partnerships"), "PT Baja & Logam <b>Tegal</b>\nhttps://rantai.example/x"


def test_each_user_gets_one_notification_in_his_own_language(db):
    en = UserFactory(username="en", language="en")
    id_ = UserFactory(username="id", language="id")
    notify([en, id_, en, "tamu@example.id"], compose, kind="lease_ending", url="/kawasan/1/")
    rows = {n.recipient.username: n for n in Notification.objects.select_related("recipient")}
    assert set(rows) == {"en", "id"}
    assert (rows["en"].subject, rows["id"].subject) == ("Partnerships", "Kemitraan")
    assert rows["en"].kind == "lease_ending" and rows["en"].url == "/kawasan/1/"
    assert rows["id"].body.startswith("PT Baja & Logam <b>Tegal</b>")
    assert rows["en"].read_at is None and rows["en"].emailed_at is not None


def test_preferences_decide_the_email_and_plain_addresses_get_email_only(db):
    by_email = UserFactory(username="email", notify_by=User.NotifyBy.EMAIL)
    in_app = UserFactory(username="inapp", notify_by=User.NotifyBy.IN_APP)
    digest = UserFactory(username="digest", notify_by=User.NotifyBy.DIGEST)
    # The in-app user's address given as a plain address as well: his preference still holds.
    notify([by_email, in_app, digest, "tamu@example.id", in_app.email], compose, kind="survey")
    assert [m.to for m in mail.outbox] == [[by_email.email, "tamu@example.id"]]
    assert Notification.objects.filter(recipient__in=[by_email, in_app, digest]).count() == 3
    assert Notification.objects.count() == 3  # nobody's inbox for the plain address


def test_a_user_without_an_address_still_gets_the_notification(db):
    nobody = UserFactory(username="nobody", email="")
    assert notify([nobody], compose, kind="survey") == []
    assert Notification.objects.get().recipient == nobody


def test_the_email_has_text_and_escaped_html(db):
    user = UserFactory(username="en", language="en")
    notify([user], compose, kind="band_drop", url="/kemitraan/")
    message = mail.outbox[0]
    assert message.body == "PT Baja & Logam <b>Tegal</b>\nhttps://rantai.example/x"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "PT Baja &amp; Logam &lt;b&gt;Tegal&lt;/b&gt;<br>" in html
    assert '<a href="https://rantai.example/x"' in html
    assert f'href="{settings.SITE_URL}/kemitraan/"' in html
    assert "<b>Tegal</b>" not in html


def test_the_digest_sends_the_days_unread_once_in_the_users_language(db):
    digest = UserFactory(username="digest", language="en", notify_by=User.NotifyBy.DIGEST)
    other = UserFactory(username="other", language="id", notify_by=User.NotifyBy.DIGEST)
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2)):
        notify([digest], lambda: ("Too old", "x"), kind="survey")
    with time_machine.travel(now - timedelta(hours=3)):
        notify([digest], lambda: ("Lease of PT A ends", "x"), kind="lease_ending", url="/k/1/")
        notify([digest, other], lambda: ("Read already", "x"), kind="survey")
        notify([digest], lambda: ("Survey & more", "x"), kind="survey")
    Notification.objects.filter(subject="Read already").update(read_at=now)
    assert mail.outbox == []
    with time_machine.travel(now):
        call_command("send_notification_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [digest.email]
    assert message.subject == "Rantai: new notifications (2)"
    assert f"* Lease of PT A ends\n  {settings.SITE_URL}/k/1/" in message.body
    assert "* Survey & more" in message.body
    assert "Too old" not in message.body and "Read already" not in message.body
    assert "Survey &amp; more" in message.alternatives[0][0]
    with time_machine.travel(now + timedelta(minutes=5)):
        assert send_digests() == []  # nothing twice


def test_the_digest_speaks_the_users_language(db):
    user = UserFactory(username="id", language="id", notify_by=User.NotifyBy.DIGEST)
    notify([user], compose, kind="survey")
    [message] = send_digests()
    assert message.to == [user.email]
    assert "* Kemitraan\n" in message.body


def test_a_mail_server_that_is_down_does_not_fail_the_caller(db, settings, caplog):
    """An SMTP server that refuses (here: a closed port on this machine) is logged; the in-app
    notice is stored and the caller goes on."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    user = UserFactory(username="penerima", email="penerima@example.id")
    sent = notify([user], compose, kind="lease_ending")
    assert len(sent) == 1 and Notification.objects.filter(recipient=user).count() == 1
    assert "Email to penerima@example.id not sent" in caplog.text
