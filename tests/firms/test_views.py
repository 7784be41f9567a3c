import pytest
from django.urls import reverse
from django.utils import timezone

from rantai.firms.models import Capability, Firm
from tests.factories import DAMPYAK, CapabilityFactory, ContactFactory, FirmFactory

pytestmark = pytest.mark.django_db


def firm_data(**overrides):
    data = {
        "kind": "ikm",
        "name": "CV Presisi Logam Dampyak",
        "nib": "9120301234567",
        "npwp": "01.234.567.8-901.000",
        "street_address": "Jl. Raya Dampyak No. 5",
        "province": "33",
        "regency": "33.28",
        "district": "33.28.15",
        "village": DAMPYAK,
        "postal_code": "52181",
        "latitude": "-6.8688",
        "longitude": "109.1668",
        "year_founded": "2012",
        "workforce": "12",
        "investment": "650000000",
        "kbli": ["25920", "29300"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_officer_registers_a_firm_and_its_history_records_who(world, login):
    client = login(world.user("officer"))
    response = client.post(reverse("firms:create"), firm_data())
    firm = Firm.objects.get(nib="9120301234567")
    assert response.status_code == 302 and response["Location"] == firm.get_absolute_url()
    assert firm.npwp == "012345678901000"  # dots and dashes dropped
    assert (firm.province_id, firm.regency_id, firm.district_id) == ("33", "33.28", "33.28.15")
    assert sorted(firm.kbli.values_list("code", flat=True)) == ["25920", "29300"]
    assert firm.industry_size == "small"
    record = firm.history.earliest()
    assert record.history_type == "+" and record.history_user == world.user("officer")


def test_an_invalid_nib_is_refused_in_indonesian_and_nothing_is_saved(world, login):
    client = login(world.user("officer"))
    response = client.post(reverse("firms:create"), firm_data(nib="12345"))
    assert response.status_code == 200
    assert "NIB (Nomor Induk Berusaha) terdiri dari tepat 13 digit." in response.content.decode()
    assert not Firm.objects.filter(name="CV Presisi Logam Dampyak").exists()


def test_a_village_outside_the_district_is_refused(world, login):
    client = login(world.user("officer"))
    response = client.post(reverse("firms:create"), firm_data(village="33.28.10.1010"))
    assert response.status_code == 200
    assert response.context["form"].errors["village"]
    assert not Firm.objects.filter(name="CV Presisi Logam Dampyak").exists()


def test_an_officer_cannot_register_a_firm_outside_the_remit(world, login):
    client = login(world.user("far_officer"))  # Kota Semarang
    response = client.post(reverse("firms:create"), firm_data())
    assert response.status_code == 200
    assert "di luar wilayah tugas" in response.content.decode()
    assert not Firm.objects.filter(nib="9120301234567").exists()


def test_an_owner_edits_the_firm_and_the_change_shows_in_the_history(world, login):
    client = login(world.user("firm_a"))
    firm = world.firm_a
    data = firm_data(name=firm.name, nib=firm.nib, workforce="25")
    response = client.post(reverse("firms:update", args=[firm.pk]), data)
    assert response.status_code == 302
    page = client.get(firm.get_absolute_url()).content.decode()
    assert "Tenaga kerja (orang)" in page and "<del>12</del> → <ins>25</ins>" in page


def test_another_firm_cannot_edit_and_nothing_changes(world, login):
    client = login(world.user("firm_b"))
    response = client.post(
        reverse("firms:update", args=[world.firm_a.pk]), firm_data(name="Diambil alih")
    )
    assert response.status_code == 403
    world.firm_a.refresh_from_db()
    assert world.firm_a.name == "PT Sinergi Mandiri Teknikatama"


def test_private_data_shows_only_to_those_allowed(world, login):
    ContactFactory(firm=world.firm_a, phone="081299990000")
    url = world.firm_a.get_absolute_url()
    for persona, sees in [
        ("firm_a", True),
        ("officer", True),
        ("coop_manager", True),
        ("firm_b", False),
        ("outsider", False),
        ("mentor", False),
        ("far_officer", False),
    ]:
        page = login(world.user(persona)).get(url).content.decode()
        assert ("081299990000" in page) is sees, persona
        assert ("012345678901234" in page) is sees, persona  # NPWP
        assert ('data-testid="history"' in page) is sees, persona


def test_list_filters_by_region_kind_and_process(world, login):
    CapabilityFactory(firm=world.firm_b, process_id="sand-casting")
    client = login(world.user("outsider"))
    names = lambda response: [row.record.name for row in response.context["table"].page.object_list]  # noqa: E731
    assert names(
        client.get(
            reverse("firms:list"), {"district": "33.28.10", "regency": "33.28", "province": "33"}
        )
    ) == ["CV Baja Slawi"]
    assert names(client.get(reverse("firms:list"), {"process": "casting"})) == ["CV Baja Slawi"]
    assert names(client.get(reverse("firms:list"), {"kind": "cooperative"})) == ["Koperasi TMI"]
    assert names(client.get(reverse("firms:list"), {"q": "sinergi"})) == [
        "PT Sinergi Mandiri Teknikatama"
    ]
    assert names(client.get(reverse("firms:list"), {"q": world.firm_b.nib})) == ["CV Baja Slawi"]


def test_list_sorts_and_paginates(world, login):
    for i in range(30):
        FirmFactory(name=f"UD Bubut {i:02d}", workforce=i)
    client = login(world.user("outsider"))
    response = client.get(reverse("firms:list"), {"q": "UD Bubut", "sort": "-workforce"})
    rows = [r.record.name for r in response.context["table"].page.object_list]
    assert rows[:3] == ["UD Bubut 29", "UD Bubut 28", "UD Bubut 27"] and len(rows) == 25
    page2 = client.get(reverse("firms:list"), {"q": "UD Bubut", "sort": "-workforce", "page": 2})
    assert [r.record.name for r in page2.context["table"].page.object_list][-1] == "UD Bubut 00"


def test_htmx_filtering_returns_only_the_results(world, login):
    client = login(world.user("outsider"))
    response = client.get(reverse("firms:list"), {"kind": "ikm"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and "<html" not in body


def test_adding_the_same_process_twice_is_refused(world, login):
    client = login(world.user("firm_a"))
    url = reverse("firms:part-add", args=[world.firm_a.pk, "capabilities"])
    data = {
        "process": "cnc-turning",
        "tolerance": "3",
        "in_house": "on",
        "materials": ["aluminium"],
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert Capability.objects.filter(firm=world.firm_a).count() == 1


def test_certificate_dates_are_checked(world, login):
    client = login(world.user("firm_a"))
    response = client.post(
        reverse("firms:part-add", args=[world.firm_a.pk, "certifications"]),
        {
            "scheme": "iso9001",
            "issuer": "TÜV NORD Indonesia",
            "issued_on": "2024-01-01",
            "expires_on": "2023-01-01",
        },
    )
    assert "Sertifikat tidak dapat kedaluwarsa sebelum diterbitkan." in response.content.decode()
    assert not world.firm_a.certifications.exists()


def test_deleting_hides_the_firm_from_lists(world, login):
    client = login(world.user("officer"))
    assert client.post(reverse("firms:delete", args=[world.firm_a.pk])).status_code == 302
    assert client.get(world.firm_a.get_absolute_url()).status_code == 404
    response = client.get(reverse("firms:list"), {"q": "Sinergi"})
    assert response.context["table"].paginator.count == 0
    assert Firm.objects.deleted().filter(pk=world.firm_a.pk).exists()


def test_map_data_is_geojson_of_the_filtered_firms(world, login):
    response = login(world.user("outsider")).get(reverse("firms:map-data"), {"kind": "cooperative"})
    data = response.json()
    assert data["total"] == 1 and data["features"][0]["properties"]["name"] == "Koperasi TMI"
    assert data["features"][0]["geometry"]["coordinates"] == [109.167, -6.868]


def test_region_picker_lists_children_and_finds_by_name(world, login):
    client = login(world.user("outsider"))
    children = client.get(reverse("region-children"), {"parent": "33.28.15"}).json()["results"]
    assert {"value": DAMPYAK, "text": "Dampyak"} in children and len(children) == 20
    found = client.get(reverse("region-search"), {"q": "dampyak"}).json()["results"]
    assert found[0]["text"] == "Dampyak, Kramat, Kabupaten Tegal, Jawa Tengah"
    assert found[0]["path"] == ["33", "33.28", "33.28.15", DAMPYAK]


def test_text_in_a_number_field_is_an_error_and_never_clears_it(world, login):
    """Found by the bad-input matrix: the NIB field kept only the digits of what was typed, so
    "CV Logam" (or a NUL character) silently cleared a firm's NIB."""
    nib = world.firm_a.nib
    client = login(world.user("officer"))
    page = client.get(reverse("firms:update", args=[world.firm_a.pk]))
    form = page.context["form"]
    data = {form.add_prefix(n): form[n].value() for n in form.fields if form[n].value() is not None}
    data["nib"] = "CV Logam\x00Tegal"
    response = client.post(reverse("firms:update", args=[world.firm_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["nib"] == [
        "Hanya angka, dengan titik, tanda hubung atau spasi di antaranya."
    ]
    assert Firm.objects.get(pk=world.firm_a.pk).nib == nib


def test_a_form_opened_before_someone_elses_save_says_so_instead_of_undoing_it(world, login):
    """Defect 7 on pages: two people edit one firm; the second save would have put back the
    first one's field. It is refused once, with the form showing the current version, and the
    next save (after looking) goes through."""
    url = reverse("firms:update", args=[world.firm_a.pk])
    officer = login(world.user("officer"))
    form = officer.get(url).context["form"]
    data = {form.add_prefix(n): form[n].value() for n in form.fields if form[n].value() is not None}
    assert data["record_version"]
    # Meanwhile the owner changes the workforce through the API.
    Firm.objects.filter(pk=world.firm_a.pk).update(workforce=77)

    Firm.objects.filter(pk=world.firm_a.pk).update(updated_at=timezone.now())
    data["description"] = "Bubut dan frais CNC"
    refused = officer.post(url, data)
    assert refused.status_code == 200
    assert "Orang lain telah mengubah data ini" in refused.content.decode()
    firm = Firm.objects.get(pk=world.firm_a.pk)
    assert firm.workforce == 77 and firm.description != "Bubut dan frais CNC"
    # The re-shown form carries the current version: saving again is the user's decision.
    again = refused.context["form"]
    data["record_version"] = again["record_version"].value()
    assert officer.post(url, data).status_code == 302
    assert Firm.objects.get(pk=world.firm_a.pk).description == "Bubut dan frais CNC"
