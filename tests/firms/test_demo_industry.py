"""The demo's annual industry data: consistent with the registry, valid, and the same every run."""

import pytest
from django.db.models import Sum

from rantai.demo import firms, industry
from rantai.firms.models import Firm, IndustryYear, RawMaterial

pytestmark = pytest.mark.django_db


def test_demo_years_follow_the_registry_and_load_once():
    orgs = firms.load(extra_ikm=6)
    added = industry.load()
    tegal_ikm = Firm.objects.filter(kind=Firm.Kind.IKM, regency_id="33.28")
    assert added == 3 * tegal_ikm.count() == 36
    assert industry.load() == 0  # a second run adds nothing
    sinergi = orgs["partners"][0]
    years = {y.year: y for y in sinergi.industry_years.all()}
    assert sorted(years) == [2023, 2024, 2025]
    latest = years[2025]
    assert (latest.workers_total, latest.investment) == (sinergi.workforce, sinergi.investment)
    assert years[2023].investment <= years[2024].investment <= latest.investment
    assert latest.raw_materials.filter(name="Baja as S45C").exists()  # a CNC turning shop
    for year in IndustryYear.objects.all():
        year.full_clean()
        assert 0 < year.production <= year.installed_capacity
        assert 5_000 < year.electricity_kwh < 200_000
        spent = year.raw_materials.aggregate(total=Sum("value"))["total"]
        assert 0.3 * year.production_value < spent < 0.7 * year.production_value
    assert RawMaterial.objects.filter(origin="imported").exists()


def test_demo_years_are_the_same_whatever_else_the_database_holds():
    orgs = firms.load(extra_ikm=2)
    industry.load()
    before = list(
        orgs["partners"][3].industry_years.values_list("year", "production", "electricity_kwh")
    )
    IndustryYear.objects.all().delete()
    Firm.objects.filter(pk=orgs["partners"][0].pk).update(workforce=None)  # one firm fewer
    industry.load()
    after = list(
        orgs["partners"][3].industry_years.values_list("year", "production", "electricity_kwh")
    )
    assert after == before
