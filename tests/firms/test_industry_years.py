"""Annual industry data (what SIINas asks of industry each year): rules, pages, export, API."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.core.models import Job
from rantai.firms import services, siinas
from rantai.firms.models import Firm, IndustryYear, RawMaterial
from tests.factories import (
    FirmFactory,
    IndustryYearFactory,
    MachineFactory,
    RawMaterialFactory,
    place,
)

pytestmark = pytest.mark.django_db


# --- the record -------------------------------------------------------------------------------


def test_production_above_installed_capacity_is_refused_on_the_field(world):
    year = IndustryYearFactory.build(firm=world.firm_a, installed_capacity=1000, production=1001)
    with pytest.raises(ValidationError) as exc:
        year.full_clean()
    assert list(exc.value.message_dict) == ["production"]
    year.production = 1000
    year.full_clean()


def test_the_database_refuses_it_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndustryYearFactory(firm=world.firm_a, installed_capacity=10, production=11)


def test_foreign_workers_are_part_of_the_workforce_and_a_unit_is_needed(world):
    year = IndustryYearFactory.build(
        firm=world.firm_a, workers_male=2, workers_female=1, workers_foreign=4, capacity_unit=""
    )
    with pytest.raises(ValidationError) as exc:
        year.full_clean()
    assert set(exc.value.message_dict) == {"workers_foreign", "capacity_unit"}


def test_negative_numbers_are_refused(world):
    year = IndustryYearFactory.build(firm=world.firm_a, investment=-1, electricity_kwh=-5)
    with pytest.raises(ValidationError) as exc:
        year.full_clean()
    assert set(exc.value.message_dict) == {"investment", "electricity_kwh"}
    with pytest.raises(ValidationError) as exc:
        services.save_industry_year(
            year=IndustryYearFactory.build(firm=world.firm_a),
            materials=[{"name": "Cat", "quantity": Decimal("-2"), "unit": "litre"}],
        )
    [message] = exc.value.message_dict["raw_materials"]
    field = RawMaterial._meta.get_field("quantity")
    assert message == gettext("Raw material %(line)d, %(field)s: %(message)s") % {
        "line": 1,
        "field": field.verbose_name,
        "message": field.validators[0].message % {"limit_value": 0},
    }
    assert not IndustryYear.objects.exists()  # nothing written


def test_one_record_per_firm_and_year(world):
    IndustryYearFactory(firm=world.firm_a, year=2024)
    with pytest.raises(ValidationError) as exc:
        IndustryYearFactory.build(firm=world.firm_a, year=2024).full_clean()
    assert "__all__" in exc.value.message_dict
    IndustryYearFactory.build(firm=world.firm_b, year=2024).full_clean()


def test_the_service_replaces_raw_materials_and_keeps_history(world):
    user = world.user("firm_a")
    year = services.save_industry_year(
        year=IndustryYearFactory.build(firm=world.firm_a),
        materials=[
            {"name": "Besi siku 40×40", "quantity": 300, "unit": "bar", "value": 54_000_000}
        ],
        user=user,
    )
    year.production = 95_000
    services.save_industry_year(
        year=year,
        materials=[
            {"name": "Pipa besi 1 inci", "quantity": 200, "unit": "bar", "value": 30_000_000},
            {"name": "Elektroda las", "origin": "imported", "quantity": 150, "unit": "kg"},
        ],
        user=user,
    )
    assert sorted(year.raw_materials.values_list("name", flat=True)) == [
        "Elektroda las",
        "Pipa besi 1 inci",
    ]
    assert year.history.count() == 2 and year.history.first().history_user == user
    assert year.utilisation == Decimal("79.2")  # 95,000 of 120,000


# --- pages ------------------------------------------------------------------------------------

FORM = {
    "year": "2024",
    "investment": "650000000",
    "product": "Bracket stamping",
    "installed_capacity": "200000",
    "capacity_unit": "piece",
    "production": "150000",
    "production_value": "1200000000",
    "workers_male": "11",
    "workers_female": "4",
    "workers_foreign": "0",
    "electricity_kwh": "31000",
    "fuel_litres": "800",
    "materials-TOTAL_FORMS": "2",
    "materials-1-origin": "domestic",  # an empty line, as the browser sends it
    "materials-INITIAL_FORMS": "0",
    "materials-0-name": "Plat baja SPCC 1,2 mm",
    "materials-0-origin": "imported",
    "materials-0-quantity": "42000",
    "materials-0-unit": "kg",
    "materials-0-value": "630000000",
}


def test_the_owner_adds_a_year_with_raw_materials(world, login):
    client = login(world.user("firm_a"))
    response = client.post(reverse("firms:year-add", args=[world.firm_a.pk]), FORM)
    assert response.status_code == 302
    year = world.firm_a.industry_years.get()
    assert (year.year, year.production, year.workers_total) == (2024, 150_000, 15)
    material = year.raw_materials.get()
    assert (material.name, material.origin, material.quantity) == (
        "Plat baja SPCC 1,2 mm",
        "imported",
        Decimal("42000"),
    )
    page = client.get(world.firm_a.get_absolute_url()).content.decode()
    assert 'data-testid="year-2024"' in page and "Plat baja SPCC 1,2 mm" in page
    assert "150.000" in page  # Indonesian number format


def test_a_bad_form_saves_nothing_and_says_why(world, login):
    client = login(world.user("firm_a"))
    data = {**FORM, "production": "250000", "materials-0-quantity": "-1"}
    response = client.post(reverse("firms:year-add", args=[world.firm_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["production"]
    assert response.context["formset"].forms[0].errors["quantity"]
    assert not IndustryYear.objects.exists() and not RawMaterial.objects.exists()


@pytest.mark.parametrize(
    ("persona", "sees", "changes"),
    [
        ("firm_a", True, True),
        ("firm_b", False, False),
        ("outsider", False, False),
        ("mentor", False, False),
        ("coop_manager", True, False),
        ("officer", True, True),
        ("far_officer", False, False),
        ("admin", True, True),
    ],
)
def test_who_sees_and_changes_a_firms_annual_data(world, login, persona, sees, changes):
    record = IndustryYearFactory(firm=world.firm_a, production_value=987_654_321)
    client = login(world.user(persona))
    page = client.get(world.firm_a.get_absolute_url()).content.decode()
    assert ("987.654.321" in page) is sees
    assert ('data-testid="industry-years"' in page) is sees
    edit = client.get(reverse("firms:year-edit", args=[world.firm_a.pk, record.year]))
    assert edit.status_code == (200 if changes else (403 if sees else 404))
    client.post(reverse("firms:year-delete", args=[world.firm_a.pk, record.year]))
    assert IndustryYear.objects.filter(pk=record.pk).exists() is not changes


def test_another_firms_owner_cannot_add_a_year_to_it(world, login):
    client = login(world.user("firm_b"))
    response = client.post(reverse("firms:year-add", args=[world.firm_a.pk]), FORM)
    assert response.status_code == 403
    assert not IndustryYear.objects.exists()


# --- export -----------------------------------------------------------------------------------


@pytest.fixture
def data(world):
    """Firm A (Kramat) and B (Slawi) in Kabupaten Tegal, and a Semarang firm, with 2024 data."""
    a = IndustryYearFactory(
        firm=world.firm_a,
        year=2024,
        workers_male=20,
        workers_female=6,
        workers_foreign=1,
        investment=900_000_000,
        lpg_kg=480,
    )
    RawMaterialFactory(year=a, name="Plat baja SPCC 1,2 mm", origin="imported", value=180_000_000)
    RawMaterialFactory(
        year=a, name="Besi siku 40×40×4", quantity=Decimal("350.5"), unit="bar", value=63_000_000
    )
    IndustryYearFactory(firm=world.firm_a, year=2023, production_value=1)
    MachineFactory(firm=world.firm_a, name="Mesin bubut CNC", count=3, process_id="cnc-turning")
    MachineFactory(firm=world.firm_a, name="Mesin las MIG", count=2, capacity="350 A", process=None)
    IndustryYearFactory(firm=world.firm_b, year=2024, production=None, electricity_kwh=None)
    semarang = FirmFactory(name="CV Semarang Presisi", **place("33.74.05.1001"))
    IndustryYearFactory(firm=semarang, year=2024)
    return a


def export(client, run_tasks, **fields):
    post = {"year": 2024, "province": "33", "format": "xlsx", **fields}
    with run_tasks():
        response = client.post(reverse("firms:siinas-export"), post)
    job = Job.objects.filter(kind="siinas_export").latest("pk")
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("job-download", args=[job.pk]))
    return job, b"".join(download.streaming_content)


def _labels(columns) -> tuple:
    with translation.override("id"):  # the request's language (Indonesian by default)
        return tuple(str(c.label) for c in columns)


def _id(text) -> str:
    with translation.override("id"):
        return str(text)


def test_the_xlsx_holds_firms_raw_materials_and_machines(world, login, run_tasks, data):
    client = login(world.user("officer"))
    job, content = export(client, run_tasks, regency="33.28")
    assert job.result["rows"] == 2 and job.progress == job.total == 2
    assert job.result["filename"].startswith("rantai-siinas-2024-")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        _id(gettext_lazy("Firms %(year)d")) % {"year": 2024},
        _id(gettext_lazy("Raw materials")),
        _id(gettext_lazy("Machines")),
    ]
    firms_sheet, materials_sheet, machines_sheet = workbook.worksheets
    firms = list(firms_sheet.iter_rows(values_only=True))
    assert firms[0] == _labels(siinas.YEAR_COLUMNS)
    keys = [c.key for c in siinas.YEAR_COLUMNS]
    rows = {r[2]: dict(zip(keys, r, strict=True)) for r in firms[1:]}
    assert list(rows) == ["CV Baja Slawi", "PT Sinergi Mandiri Teknikatama"]  # by name
    a = rows["PT Sinergi Mandiri Teknikatama"]
    assert (a["year"], a["nib"], a["kbli"]) == (2024, world.firm_a.nib, None)
    # 26 workers that year make firm A a medium industry, whatever the registry says today.
    assert a["industry_size"] == _id(Firm.IndustrySize.MEDIUM.label)
    assert (a["province"], a["regency"], a["district"], a["village"]) == (
        "33",
        "33.28",
        "33.28.15",
        "33.28.15.1019",
    )
    assert a["investment"] == 900_000_000
    assert (a["installed_capacity"], a["production"], a["utilisation"]) == (120_000, 90_000, 75)
    assert a["capacity_unit"] == _id(Firm.CapacityUnit.PIECE.label)
    assert (a["workers_male"], a["workers_female"], a["workers_foreign"]) == (20, 6, 1)
    assert a["workers_total"] == 26 and a["production_value"] == 1_080_000_000
    assert (a["electricity_kwh"], a["lpg_kg"], a["natural_gas_m3"]) == (24_000, 480, None)
    assert (a["raw_materials_domestic"], a["raw_materials_imported"]) == (63_000_000, 180_000_000)
    assert a["machines"] == 5
    assert rows["CV Baja Slawi"]["production"] is None
    assert rows["CV Baja Slawi"]["industry_size"] == _id(Firm.IndustrySize.SMALL.label)

    materials = list(materials_sheet.iter_rows(values_only=True))
    assert materials[0] == _labels(siinas.MATERIAL_COLUMNS)
    firm = (2024, world.firm_a.nib, world.firm_a.name)
    assert materials[1:] == [
        (*firm, "Plat baja SPCC 1,2 mm", _id(RawMaterial.Origin.IMPORTED.label), 12000,
         _id(RawMaterial.Unit.KG.label), 180_000_000),
        (*firm, "Besi siku 40×40×4", _id(RawMaterial.Origin.DOMESTIC.label), 350.5,
         _id(RawMaterial.Unit.BAR.label), 63_000_000),
    ]  # fmt: skip
    machines = list(machines_sheet.iter_rows(values_only=True))
    assert machines[0] == _labels(siinas.MACHINE_COLUMNS)
    assert [(r[2], r[4], r[5]) for r in machines[1:]] == [
        ("Mesin bubut CNC", 3, None),
        ("Mesin las MIG", 2, "350 A"),
    ]


def test_the_csv_is_the_firms_sheet_in_english_when_asked(world, login, run_tasks, data):
    client = login(world.user("admin"))
    client.cookies["django_language"] = "en"
    _job, content = export(client, run_tasks, format="csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Year", "NIB", "Firm name"]
    with translation.override("en"):
        assert tuple(rows[0]) == tuple(str(c.label) for c in siinas.YEAR_COLUMNS)
    keys = [c.key for c in siinas.YEAR_COLUMNS]
    by_name = {r[2]: dict(zip(keys, r, strict=True)) for r in rows[1:]}
    assert list(by_name) == [
        "CV Baja Slawi",
        "CV Semarang Presisi",
        "PT Sinergi Mandiri Teknikatama",
    ]
    a = by_name["PT Sinergi Mandiri Teknikatama"]
    assert (a["workers_total"], a["raw_materials_imported"], a["capacity_unit"]) == (
        "26",
        "180000000",
        "pieces",
    )
    assert a["industry_size"] == "medium industry" and a["natural_gas_m3"] == ""


def test_an_officer_exports_only_their_remit(world, login, run_tasks, data):
    client = login(world.user("far_officer"))  # Kota Semarang
    job, content = export(client, run_tasks, regency="33.28")  # asks for Tegal: gets nothing
    assert job.result["rows"] == 0
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 1
    _job, content = export(client, run_tasks)  # the whole province: only Semarang
    names = [r[2] for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert names[1:] == ["CV Semarang Presisi"]


@pytest.mark.parametrize("persona", ["firm_a", "coop_manager", "mentor", "outsider"])
def test_only_officers_and_administrators_may_export(world, login, persona):
    client = login(world.user(persona))
    assert client.get(reverse("firms:siinas-export")).status_code == 403
    response = client.post(reverse("firms:siinas-export"), {"year": 2024, "province": "33"})
    assert response.status_code == 403 and not Job.objects.exists()


def test_the_export_page_starts_from_the_officers_remit(world, login):
    response = login(world.user("officer")).get(reverse("firms:siinas-export"))
    assert response.context["form"].initial["regency"] == "33.28"
    page = response.content.decode()
    assert '<option value="33.28" selected>' in page


def test_the_documented_columns_are_the_exported_ones():
    doc = (Path(__file__).parents[2] / "docs" / "siinas-export.md").read_text()
    sheets = doc.split("## Sheet ")[1:]
    documented = [re.findall(r"^\| \d+ \| `(\w+)` \|", sheet, re.MULTILINE) for sheet in sheets]
    assert documented == [
        [c.key for c in siinas.YEAR_COLUMNS],
        [c.key for c in siinas.MATERIAL_COLUMNS],
        [c.key for c in siinas.MACHINE_COLUMNS],
    ]


# --- API --------------------------------------------------------------------------------------


@pytest.fixture
def api(world):
    def _client(persona):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=world.user(persona))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


PAYLOAD = {
    "year": 2025,
    "investment": 700_000_000,
    "installed_capacity": 100_000,
    "capacity_unit": "piece",
    "production": 80_000,
    "workers_male": 9,
    "workers_female": 3,
    "electricity_kwh": 26_000,
    "raw_materials": [
        {"name": "Pipa besi 1 inci", "quantity": "120", "unit": "bar", "value": 18_000_000}
    ],
}


def test_api_lists_only_years_whose_firm_private_data_you_may_see(api, world, data):
    own = api("firm_b").get("/api/v1/industry-years/").json()
    assert [(r["firm"], r["year"]) for r in own["results"]] == [(world.firm_b.pk, 2024)]
    assert api("firm_b").get(f"/api/v1/industry-years/{data.pk}/").status_code == 404
    officer = api("officer").get("/api/v1/industry-years/", {"firm": world.firm_a.pk}).json()
    assert [r["year"] for r in officer["results"]] == [2024, 2023]
    first = officer["results"][0]
    assert first["workers_total"] == 26 and first["utilisation"] == "75.0"
    assert [m["name"] for m in first["raw_materials"]] == [
        "Plat baja SPCC 1,2 mm",
        "Besi siku 40×40×4",
    ]


def test_api_owner_creates_and_updates_their_years(api, world):
    client = api("firm_a")
    response = client.post(
        "/api/v1/industry-years/", {**PAYLOAD, "firm": world.firm_a.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    record = IndustryYear.objects.get(pk=response.json()["id"])
    assert record.raw_materials.get().quantity == Decimal("120")
    response = client.patch(
        f"/api/v1/industry-years/{record.pk}/",
        {"production": 85_000, "raw_materials": []},
        format="json",
    )
    assert response.status_code == 200 and response.json()["production"] == 85_000
    assert not record.raw_materials.exists()
    again = client.post(
        "/api/v1/industry-years/", {**PAYLOAD, "firm": world.firm_a.pk}, format="json"
    )
    assert again.status_code == 400
    assert "non_field_errors" in again.json()


def test_api_refuses_another_firms_years_and_bad_figures(api, world, data):
    client = api("firm_b")
    response = client.post(
        "/api/v1/industry-years/", {**PAYLOAD, "firm": world.firm_a.pk}, format="json"
    )
    assert response.status_code == 403
    response = client.patch(f"/api/v1/industry-years/{data.pk}/", {"production": 1}, format="json")
    assert response.status_code == 404
    bad = api("firm_a").post(
        "/api/v1/industry-years/",
        {**PAYLOAD, "firm": world.firm_a.pk, "production": 100_001, "workers_foreign": 20},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"production", "workers_foreign"}
    assert not IndustryYear.objects.filter(year=2025).exists()
