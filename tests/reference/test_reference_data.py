import io

import pytest
from django.core.management import call_command

from rantai.reference.models import Kbli, Material, Process, Region

pytestmark = pytest.mark.django_db


def test_every_region_of_the_country_is_loaded():
    assert Region.objects.count() == 91599
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 38


def test_lik_takaru_sits_in_dampyak_kramat_tegal():
    dampyak = Region.objects.get(code="33.28.15.1019")
    assert [r.name for r in dampyak.ancestors()] == [
        "Jawa Tengah",
        "Kabupaten Tegal",
        "Kramat",
        "Dampyak",
    ]
    assert dampyak.full_name == "Dampyak, Kramat, Kabupaten Tegal, Jawa Tengah"
    assert dampyak.parent_id == "33.28.15"


def test_village_codes_say_kelurahan_or_desa():
    assert str(Region.objects.get(code="33.28.15.1019").kind_label) == "Kelurahan"
    assert str(Region.objects.get(code="33.28.15.2001").kind_label) == "Desa"


def test_names_are_trimmed():
    assert Region.objects.get(code="31.72").name == "Kota Administrasi Jakarta Utara"


def test_kbli_codes_of_metal_work_are_shipped():
    assert Kbli.objects.filter(code="25920").exists()
    assert Kbli.objects.filter(code="29300").exists()
    assert all(
        len(code) == 5 and code.isdigit() for code in Kbli.objects.values_list("code", flat=True)
    )


def test_process_taxonomy_has_families_and_sub_processes():
    families = Process.objects.filter(parent__isnull=True)
    assert {
        "forming",
        "machining",
        "casting",
        "joining",
        "coating",
        "heat-treatment",
        "assembly",
    } <= set(families.values_list("code", flat=True))
    assert Process.objects.get(code="cnc-turning").parent_id == "machining"
    assert not Process.objects.filter(parent__parent__isnull=False).exists()  # two levels only
    assert Material.objects.filter(code="stainless-steel").exists()


def test_reloading_the_files_changes_nothing():
    before = (Region.objects.count(), Kbli.objects.count(), Process.objects.count())
    call_command("load_reference_data", stdout=io.StringIO())
    assert (Region.objects.count(), Kbli.objects.count(), Process.objects.count()) == before
