"""The inbox pages, the bell and the API: a user lists, counts and marks only his own
notifications; another's answers 404 and nothing is written."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rantai.inbox.models import Notification
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ani, budi = UserFactory(username="ani"), UserFactory(username="budi")
    mine = [
        NotificationFactory(recipient=ani, subject="Sewa C-1 berakhir", url="/kawasan/"),
        NotificationFactory(recipient=ani, subject="Laporan siap", read=True),
        NotificationFactory(recipient=ani, subject="Survei <b>enam bulan</b>"),
    ]
    theirs = NotificationFactory(recipient=budi, subject="Milik Budi")
    return ani, budi, mine, theirs


def unread_of(user):
    return set(Notification.objects.unread().filter(recipient=user).values_list("pk", flat=True))


def test_the_list_shows_only_ones_own_and_filters_unread(client, people):
    ani, _budi, mine, _theirs = people
    client.force_login(ani)
    page = client.get(reverse("inbox:list")).content.decode()
    assert "Sewa C-1 berakhir" in page and "Laporan siap" in page
    assert "Survei &lt;b&gt;enam bulan&lt;/b&gt;" in page
    assert "Milik Budi" not in page
    unread = client.get(reverse("inbox:list"), {"unread": "true"}).context["table"]
    assert [row.record.pk for row in unread.rows] == [mine[2].pk, mine[0].pk]
    read = client.get(reverse("inbox:list"), {"unread": "false"}).context["table"]
    assert [row.record.pk for row in read.rows] == [mine[1].pk]


def test_the_badge_counts_only_ones_own_unread(client, people):
    ani, budi, _mine, _theirs = people
    client.force_login(ani)
    response = client.get(reverse("inbox:badge"))
    assert response.context["unread"] == 2
    assert 'data-testid="inbox-count">2</span>' in response.content.decode()
    assert 'hx-trigger="every 30s"' in response.content.decode()
    client.force_login(budi)
    assert client.get(reverse("inbox:badge")).context["unread"] == 1
    client.logout()
    assert client.get(reverse("inbox:badge")).status_code == 286  # htmx: stop polling


def test_opening_marks_read_and_goes_to_the_link(client, people):
    ani, _budi, mine, _theirs = people
    client.force_login(ani)
    response = client.post(reverse("inbox:open", args=[mine[0].pk]))
    assert response.status_code == 302 and response.url == "/kawasan/"
    assert unread_of(ani) == {mine[2].pk}
    mine[2].url = "https://elsewhere.example/"
    mine[2].save()
    response = client.post(reverse("inbox:open", args=[mine[2].pk]))
    assert response.url == reverse("inbox:list")  # never a way out of the site


def test_another_users_notification_is_not_found_and_stays_unread(client, people):
    ani, budi, _mine, theirs = people
    client.force_login(ani)
    assert client.post(reverse("inbox:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("inbox:read-all")).status_code == 302
    assert unread_of(ani) == set()
    assert unread_of(budi) == {theirs.pk}


def test_the_profile_sets_how_one_is_notified(client, people):
    ani = people[0]
    client.force_login(ani)
    data = {"email": ani.email, "language": "en", "notify_by": "digest"}
    assert client.post(reverse("profile"), data).status_code == 302
    ani.refresh_from_db()
    assert ani.notify_by == "digest"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_ones_own_and_filters_unread(people):
    ani, _budi, mine, _theirs = people
    body = api(ani).get("/api/v1/notifications/").json()
    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [mine[2].pk, mine[1].pk, mine[0].pk]
    assert body["results"][0]["subject"] == "Survei <b>enam bulan</b>"
    unread = api(ani).get("/api/v1/notifications/", {"unread": "true"}).json()
    assert [row["id"] for row in unread["results"]] == [mine[2].pk, mine[0].pk]


def test_the_api_marks_one_or_all_and_never_anothers(people):
    ani, budi, mine, theirs = people
    client = api(ani)
    answer = client.post(f"/api/v1/notifications/{mine[0].pk}/read/")
    assert answer.status_code == 200 and answer.json()["is_read"] is True
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert unread_of(budi) == {theirs.pk}
    answer = client.post("/api/v1/notifications/read-all/")
    assert answer.status_code == 200 and answer.json() == {"marked": 1}
    assert unread_of(ani) == set() and unread_of(budi) == {theirs.pk}
