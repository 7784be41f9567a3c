"""The header's search: what it finds, and that it finds nothing a persona may not open."""

import pytest
from django.db import connection
from django.urls import reverse

from rantai.search.registry import LIMIT, search, terms_of
from tests.factories import (
    AuditFactory,
    ContactFactory,
    EstateFactory,
    EventFactory,
    FirmFactory,
    NeedFactory,
    PartnershipFactory,
    RegistrationFactory,
    UnitFactory,
)

PERSONAS = ["firm_a", "firm_b", "mentor", "officer", "far_officer", "coop_manager", "outsider"]


@pytest.fixture
def rows(world):
    """One private row of each kind, all about CV Baja Slawi (firm B, in Kabupaten Tegal)."""
    buyer = FirmFactory(large=True, name="PT Astra Otoparts Tegal")
    return {
        "contact": ContactFactory(
            firm=world.firm_b, position="Direktur Keuangan", name="Sri Wahyuni Lestari"
        ),
        "agreement": PartnershipFactory(
            supplier=world.firm_b, buyer=buyer, number="PKS-0042/TKR/X/2022"
        ),
        "audit": AuditFactory(firm=world.firm_b, area="Gudang bahan baku kuningan"),
        "unit": UnitFactory(estate=EstateFactory(name="LIK Takaru"), code="A-17"),
        "need": NeedFactory(title="Flens tempa kuningan"),
        "event": EventFactory(name="Temu Bisnis Otomotif Tegal 2026"),
    }


def titles(found, kind):
    return [hit.title for group in found if group.key == kind for hit in group.hits]


def test_a_firm_is_found_by_words_of_its_name_in_any_order_by_nib_and_by_kbli(world):
    firm = FirmFactory(name="CV Logam Presisi Adiwerna", nib="9120000099999", kbli=["25920"])
    user = world.user("outsider")
    for text in ("presisi logam", "ADIWERNA", "9120000099999", "912000009", "25920"):
        assert firm.name in titles(search(user, text), "firms"), text
    assert firm.name not in titles(search(user, "presisi baja"), "firms")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity: PostgreSQL")
def test_on_postgresql_a_misspelt_name_still_finds_the_firm(world):
    FirmFactory(name="CV Logam Presisi Adiwerna")
    assert titles(search(world.user("outsider"), "Adiwarna"), "firms") == [
        "CV Logam Presisi Adiwerna"
    ]


def test_a_firm_is_found_by_words_of_its_description(world):
    firm = FirmFactory(name="UD Sumber Rejeki", description="Bengkel bubut dan frais poros")
    assert firm.name in titles(search(world.user("outsider"), "frais poros"), "firms")


@pytest.mark.parametrize("persona", [*PERSONAS, "admin"])
def test_every_hit_opens_for_the_persona_who_found_it(client, world, rows, persona):
    """Search shows a row only to whom its own page opens: each hit is fetched as the persona."""
    user = world.user(persona)
    client.force_login(user)
    texts = ["keuangan", "PKS-0042", "kuningan", "A-17", "takaru", "otomotif", "baja slawi"]
    for text in texts:
        for group in search(user, text, limit=50):
            for hit in group.hits:
                response = client.get(hit.url)
                assert response.status_code == 200, (persona, text, group.key, hit.url)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("firm_b", {"people", "agreements", "audits"}),
        ("officer", {"people", "agreements", "audits"}),
        ("admin", {"people", "agreements", "audits"}),
        ("firm_a", set()),
        ("far_officer", set()),
        ("mentor", set()),
        ("outsider", set()),
    ],
)
def test_private_rows_are_found_only_by_those_who_may_see_them(world, rows, persona, sees):
    user = world.user(persona)
    found = {
        "people": "Direktur Keuangan – Sri Wahyuni Lestari"
        in titles(search(user, "keuangan"), "people"),
        "agreements": bool(titles(search(user, "PKS-0042"), "agreements")),
        "audits": bool(titles(search(user, "gudang kuningan"), "audits")),
    }
    assert {kind for kind, hit in found.items() if hit} == sees


def test_needs_are_found_by_the_event_s_participants_only(world, rows):
    need = rows["need"]
    RegistrationFactory(event=need.event, firm=world.firm_a)
    assert titles(search(world.user("firm_a"), "flens tempa"), "needs") == [need.title]
    for persona in ("firm_b", "outsider", "far_officer"):
        assert titles(search(world.user(persona), "flens tempa"), "needs") == [], persona


def test_the_page_shows_groups_escapes_typed_text_and_offers_more(client, world):
    for n in range(LIMIT + 1):
        FirmFactory(name=f"CV Jaya Teknik <b>{n}</b>")
    client.force_login(world.user("outsider"))
    page = client.get(reverse("search:results"), {"q": "jaya teknik"}).content.decode()
    assert page.count('data-testid="search-hit"') == LIMIT
    assert "CV Jaya Teknik &lt;b&gt;0&lt;/b&gt;" in page and "<b>0</b>" not in page
    assert 'data-testid="search-more-firms"' in page
    more = client.get(reverse("search:results"), {"q": "jaya teknik", "kind": "firms"})
    assert more.content.decode().count('data-testid="search-hit"') == LIMIT + 1


def test_the_header_box_suggests_a_few_of_each_kind(client, world, rows):
    client.force_login(world.user("officer"))
    response = client.get(
        reverse("search:results"), {"q": "kuningan", "suggest": "1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body  # a fragment, not a page
    assert "Gudang bahan baku kuningan" in body and "Flens tempa kuningan" not in body
    assert 'data-testid="suggestions-all"' in body


def test_short_empty_and_strange_text_finds_nothing_and_fails_nothing(client, world):
    client.force_login(world.user("admin"))
    for text in ("", "a", "  ", "\x00\x00", "%", "_", "'; DROP TABLE firms_firm; --", "x" * 500):
        response = client.get(reverse("search:results"), {"q": text})
        assert response.status_code == 200, text
    assert terms_of(" a ") is None and terms_of("ab").words == ("ab",)
    assert terms_of("x" * 500).text == "x" * 100


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("search:results"), {"q": "baja"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_api_answers_the_same_as_the_page_for_each_persona(client, world, rows):
    for persona in ("firm_a", "firm_b", "officer"):
        user = world.user(persona)
        client.force_login(user)
        answer = client.get("/api/v1/search/", {"q": "kuningan"}).json()["results"]
        expected = [
            {"kind": group.key, "titles": [hit.title for hit in group.hits]}
            for group in search(user, "kuningan")
        ]
        assert [
            {"kind": group["kind"], "titles": [hit["title"] for hit in group["hits"]]}
            for group in answer
        ] == expected, persona
    bad = client.get("/api/v1/search/", {"q": "a", "kind": "nonsense", "limit": 500})
    assert bad.status_code == 400 and set(bad.json()) == {"q", "kind", "limit"}
    client.logout()
    assert client.get("/api/v1/search/", {"q": "baja"}).status_code in (401, 403)
