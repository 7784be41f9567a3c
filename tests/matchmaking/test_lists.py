"""The temu bisnis lists (events, registrations, needs, participants, meeting requests) as list
pages: filters narrow to the exact rows, a second page holds the rest, a bad filter value is
refused with the FilterSet's message and lists nothing, and nobody sees rows outside his scope;
the API filters with the same FilterSets."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse
from rest_framework.test import APIClient

from rantai.matchmaking import services
from rantai.matchmaking.models import Event, Interest, MeetingRequest, Registration
from rantai.reference.models import Process
from tests.factories import (
    EventFactory,
    FirmFactory,
    MeetingRequestFactory,
    NeedFactory,
    RegistrationFactory,
)
from tests.lists import counted, listed, refused

pytestmark = pytest.mark.django_db

PENDING = Registration.Status.PENDING


def suppliers(event, n: int, **fields) -> list[Registration]:
    """``n`` approved suppliers at ``event``, named so that they sort after firms A and B."""
    return [
        RegistrationFactory(event=event, firm=FirmFactory(name=f"UD Peserta {i:02d}"), **fields)
        for i in range(n)
    ]


def refuses_outsiders(login, world, url):
    """Who neither organises nor takes part sees the event but none of its rows (403), a user
    not signed in is sent to sign in."""
    for persona in ("outsider", "far_officer", "mentor"):
        response = login(world.user(persona)).get(url)
        assert response.status_code == 403 and b"<table" not in response.content
    assert login(None).get(url).status_code == 302


def test_the_events_filter_and_page(fair, world, login):
    more = [
        EventFactory(
            name=f"Temu Bisnis Logam {n:02d}", starts_on=date(2020, 1, 1 + n), session=None
        )
        for n in range(26)
    ]
    Event.objects.filter(pk=more[0].pk).update(status=Event.Status.CLOSED)
    client = login(world.user("outsider"))  # an event's page is public to every signed-in user
    url = reverse("matchmaking:event-list")
    first = client.get(url)  # the latest first
    assert counted(first) == 27
    assert listed(first) == [fair.event, *more[:0:-1][:24]]
    assert listed(client.get(url, {"page": 2})) == [more[1], more[0]]
    assert first.context["table"].page.object_list[0].record.participants == 3
    assert listed(client.get(url, {"status": "closed"})) == [more[0]]
    assert listed(client.get(url, {"q": "logam 07"})) == [more[7]]
    assert listed(client.get(url, {"q": "takaru", "year": 2021})) == [fair.event]
    assert listed(client.get(url, {"organiser": world.regency.pk})) == [fair.event]
    bad = client.get(url, {"status": "cancelled"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["status"] == [
        refused("cancelled", forms.ChoiceField(choices=Event.Status.choices))
    ]
    assert 'href="/temu-bisnis/new/"' not in first.content.decode()
    assert 'href="/temu-bisnis/new/"' in login(world.user("officer")).get(url).content.decode()
    assert login(None).get(url).status_code == 302


def test_the_registrations_filter_page_and_are_the_organisers(fair, world, login):
    waiting = suppliers(fair.event, 25, status=PENDING)
    elsewhere = RegistrationFactory(firm=world.firm_a)  # firm A at another event
    client = login(world.user("officer"))
    url = reverse("matchmaking:registrations", args=[fair.event.pk])
    first = client.get(url)  # the buyers, then the suppliers by name
    assert counted(first) == 28
    assert listed(first) == [fair.buyer, fair.b, fair.a, *waiting[:22]]
    assert listed(client.get(url, {"page": 2})) == waiting[22:]
    assert listed(client.get(url, {"role": "buyer"})) == [fair.buyer]
    assert counted(client.get(url, {"status": "pending"})) == 25
    assert listed(client.get(url, {"q": "peserta 07"})) == [waiting[7]]
    assert listed(client.get(url, {"event": elsewhere.event_id})) == []
    assert f'data-testid="approve-{waiting[0].pk}"' in first.content.decode()
    bad = client.get(url, {"role": "seller"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["role"] == [
        refused("seller", forms.ChoiceField(choices=Registration.Role.choices))
    ]

    # The decision comes back to the same filters and page.
    answered = client.post(
        f"{url}?status=pending&page=2",
        {"registration": waiting[23].pk, "decision": "approved"},
    )
    assert answered["Location"] == f"{url}?status=pending&page=2"
    waiting[23].refresh_from_db()
    assert waiting[23].status == Registration.Status.APPROVED

    for persona in ("firm_a", "buyer"):  # participants, not the organiser
        user = fair.buyer_user if persona == "buyer" else world.user(persona)
        assert login(user).get(url).status_code == 403
    refuses_outsiders(login, world, url)


def test_the_needs_filter_page_and_are_for_those_taking_part(fair, world, login):
    needs = [NeedFactory(registration=fair.buyer, title=f"Poros {n:02d}") for n in range(25)]
    casting = NeedFactory(
        registration=fair.buyer, title="Rumah bantalan", processes=["sand-casting"]
    )
    other_buyer = RegistrationFactory(event=fair.event, buyer=True)
    bracket = NeedFactory(registration=other_buyer, title="Braket knalpot")
    foreign = NeedFactory(title="Poros di acara lain")
    client = login(world.user("firm_a"))  # a supplier at the event
    url = reverse("matchmaking:need-list", args=[fair.event.pk])
    first = client.get(url)  # the newest first
    assert counted(first) == 27
    assert listed(first) == [bracket, casting, *needs[::-1][:23]]
    assert listed(client.get(url, {"page": 2})) == needs[1::-1]
    assert first.context["fits"] is not None  # the needs that fit firm A stay
    assert listed(client.get(url, {"q": "poros 07"})) == [needs[7]]
    assert listed(client.get(url, {"q": other_buyer.firm.name})) == [bracket]
    assert listed(client.get(url, {"process": "sand-casting"})) == [casting]
    assert listed(client.get(url, {"registration": other_buyer.pk})) == [bracket]
    assert listed(client.get(url, {"event": foreign.event_id})) == []
    html = first.content.decode()
    assert "Rumah bantalan" in html and "20.000" in html
    bad = client.get(url, {"process": "tenun"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["process"] == [
        refused("tenun", forms.ModelChoiceField(queryset=Process.objects.all()))
    ]
    assert counted(login(world.user("officer")).get(url)) == 27  # the organiser
    refuses_outsiders(login, world, url)


def test_the_participants_filter_page_and_keep_to_the_other_side(fair, world, login):
    more = suppliers(fair.event, 25)
    RegistrationFactory(event=fair.event, firm=FirmFactory(name="UD Menunggu"), status=PENDING)
    services.exclude(registration=fair.buyer, other=more[24])
    client = login(fair.buyer_user)  # the buyer sees the suppliers it has not turned down
    url = reverse("matchmaking:participants", args=[fair.event.pk])
    first = client.get(url)
    assert counted(first) == 26
    assert listed(first) == [fair.b, fair.a, *more[:23]]
    assert listed(client.get(url, {"page": 2})) == [more[23]]
    assert listed(client.get(url, {"q": "peserta 07"})) == [more[7]]
    assert listed(client.get(url, {"role": "buyer"})) == []
    html = first.content.decode()
    assert f'data-testid="must-{fair.a.pk}"' in html and f'data-testid="like-{fair.b.pk}"' in html
    bad = client.get(url, {"role": "seller"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["role"] == [
        refused("seller", forms.ChoiceField(choices=Registration.Role.choices))
    ]
    assert "status" not in first.context["filter"].form.fields

    # A supplier sees the buyer only, and that it was asked.
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.a)
    supplier = login(world.user("firm_a")).get(url)
    assert listed(supplier) == [fair.buyer]
    assert 'data-testid="must-' not in supplier.content.decode()

    # The organiser sees every approved participant, without buttons.
    organiser = login(world.user("officer"))
    assert counted(organiser.get(url)) == 28
    assert listed(organiser.get(url, {"role": "buyer"})) == [fair.buyer]
    assert 'data-testid="must-' not in organiser.get(url).content.decode()
    refuses_outsiders(login, world, url)


def test_the_requests_filter_page_and_belong_to_their_parties(fair, world, login):
    more = suppliers(fair.event, 25)
    must = MeetingRequestFactory(requester=fair.buyer, recipient=fair.a, interest=Interest.MUST)
    asked = [
        MeetingRequestFactory(requester=fair.buyer, recipient=supplier)
        for supplier in [fair.b, *more]
    ]
    other_buyer = RegistrationFactory(event=fair.event, buyer=True)
    to_a = MeetingRequestFactory(requester=other_buyer, recipient=fair.a, accepted=True)
    third_buyer = RegistrationFactory(event=fair.event, buyer=True)
    sent_by_a = MeetingRequestFactory(requester=fair.a, recipient=third_buyer)
    foreign = MeetingRequestFactory()
    buyer = login(fair.buyer_user)
    url = reverse("matchmaking:requests", args=[fair.event.pk])
    first = buyer.get(url)  # "must meet" first, then in the order they were sent
    assert counted(first) == 27
    assert listed(first) == [must, *asked[:24]]
    assert listed(buyer.get(url, {"page": 2})) == asked[24:]
    assert counted(buyer.get(url, {"direction": "sent"})) == 27
    assert listed(buyer.get(url, {"direction": "received"})) == []
    assert listed(buyer.get(url, {"interest": 3})) == [must]
    assert listed(buyer.get(url, {"q": "peserta 07"})) == [asked[8]]
    assert listed(buyer.get(url, {"event": foreign.event_id})) == []
    assert 'data-testid="accept-' not in first.content.decode()  # it waits for the answers
    bad = buyer.get(url, {"status": "maybe"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["status"] == [
        refused("maybe", forms.ChoiceField(choices=MeetingRequest.Status.choices))
    ]

    # Firm A answers what it was asked, and sees what it asked.
    firm_a = login(world.user("firm_a"))
    mine = firm_a.get(url)
    assert listed(mine) == [must, to_a, sent_by_a]
    assert listed(firm_a.get(url, {"direction": "received", "status": "pending"})) == [must]
    assert listed(firm_a.get(url, {"direction": "sent"})) == [sent_by_a]
    html = mine.content.decode()
    assert f'data-testid="accept-{must.pk}"' in html
    assert f'data-testid="accept-{sent_by_a.pk}"' not in html
    assert f'data-testid="status-{to_a.pk}"' in html

    # The organiser sees them all and answers none; it has no side to filter by.
    organiser = login(world.user("officer"))
    everything = organiser.get(url, {"direction": "received"})
    assert counted(everything) == 29 and "direction" not in everything.context["filter"].filters
    assert 'data-testid="accept-' not in everything.content.decode()
    assert listed(organiser.get(url, {"status": "accepted"})) == [to_a]
    refuses_outsiders(login, world, url)


def test_the_event_page_links_to_the_requests_waiting_for_an_answer(fair, world, login):
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.a)
    page = login(world.user("firm_a")).get(fair.event.get_absolute_url()).content.decode()
    link = reverse("matchmaking:requests", args=[fair.event.pk])
    assert f'href="{link}?direction=received&amp;status=pending"' in page


def test_the_api_filters_with_the_pages_filtersets(fair, world):
    client = APIClient()
    client.force_authenticate(world.user("officer"))
    closed = EventFactory(organiser=world.regency, status=Event.Status.CLOSED, session=None)
    waiting = RegistrationFactory(event=fair.event, status=PENDING)
    need = NeedFactory(registration=fair.buyer)
    must = MeetingRequestFactory(requester=fair.buyer, recipient=fair.a, interest=Interest.MUST)
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.b, accepted=True)

    def ids(path, **params):
        response = client.get(path, params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("/api/v1/events/", status="closed") == [closed.pk]
    assert ids("/api/v1/events/", organiser=world.regency.pk, status="open") == [fair.event.pk]
    assert ids("/api/v1/needs/", event=fair.event.pk) == [need.pk]
    assert ids("/api/v1/offers/", event=fair.event.pk, status="pending") == [waiting.pk]
    assert ids("/api/v1/offers/", role="buyer") == [fair.buyer.pk]
    assert ids("/api/v1/meeting-requests/", event=fair.event.pk, status="pending") == [must.pk]
    assert ids("/api/v1/meeting-requests/", interest=3) == [must.pk]
    assert client.get("/api/v1/offers/", {"role": "seller"}).status_code == 400

    # "direction" is seen from the user's own firms.
    firm_a = APIClient()
    firm_a.force_authenticate(world.user("firm_a"))
    received = firm_a.get("/api/v1/meeting-requests/", {"direction": "received"}).json()
    assert [row["id"] for row in received["results"]] == [must.pk]
    assert firm_a.get("/api/v1/meeting-requests/", {"direction": "sent"}).json()["count"] == 0
