"""A reminder run writes to each person in the language they chose."""

from datetime import timedelta

from django.core import mail

from rantai.partnerships import reminders
from rantai.partnerships.models import Partnership
from tests.factories import sign_and_activate


def test_the_same_reminder_reaches_each_in_their_language(chain, world):
    officer = world.user("officer")
    officer.language = "en"
    officer.save()
    Partnership.objects.filter(pk=chain.deal.pk).update(officer=officer)
    sign_and_activate(chain.deal)
    [reminder] = reminders.send_due(chain.deal.ends_on - timedelta(days=90))
    assert len(mail.outbox) == 2
    indonesian = next(m for m in mail.outbox if officer.email not in m.to)
    english = next(m for m in mail.outbox if officer.email in m.to)
    assert english.to == [officer.email]
    assert set(indonesian.to) == {world.user("firm_a").email, chain.buyer_user.email}
    assert set(reminder.recipients) == {*indonesian.to, officer.email}

    assert english.subject.startswith("Partnership ends in 90 days: ")
    assert "Partnership between PT Sinergi Mandiri Teknikatama (supplier)" in english.body
    assert indonesian.subject.startswith("Kemitraan berakhir dalam 90 hari: ")
    assert "Kemitraan antara PT Sinergi Mandiri Teknikatama (pemasok)" in indonesian.body
