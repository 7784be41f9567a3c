"""Outcome indicators of 5R (issue 16): recorded at the baseline and final visits through one
service (page, API, demo), checked before anything is written, compared per firm (before, after,
change) and per program (median and interquartile range)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from rantai.five_r import outcomes, reports, results, services
from rantai.five_r.models import Audit, Indicator, IndicatorSet, Measurement
from rantai.insights import figures, snapshots
from rantai.insights.funnel import Filters
from tests.factories import AuditFactory, LeaseFactory, UnitFactory, UnitTypeFactory, fill
from tests.five_r.test_reports import pdf_text
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

BASELINE = {
    "cari-alat": ["120", "90", "150", "60", "80"],
    "ruang-bebas": ["0"],
    "tag-merah": ["0"],
    "waktu-setup": ["80"],
}


@pytest.fixture(autouse=True)
def _standard_set():
    """The shipped set exists before a test counts what a request wrote."""
    IndicatorSet.standard()


def _indicator(code: str) -> Indicator:
    return Indicator.objects.get(indicator_set__code=IndicatorSet.STANDARD, code=code)


def test_the_standard_set_is_made_once_from_its_file_bilingual():
    IndicatorSet.objects.all().delete()
    made = IndicatorSet.standard()
    assert IndicatorSet.standard() == made and IndicatorSet.objects.count() == 1
    indicators = made.indicators.all()
    assert [i.code for i in indicators] == [
        "cari-alat",
        "ruang-bebas",
        "tag-merah",
        "jarak-jalan",
        "waktu-setup",
        "insiden",
        "output-jam-orang",
    ]
    assert all(i.name and i.name_en and i.unit and i.unit_en and i.how_en for i in indicators)
    assert _indicator("cari-alat").samples == 5
    with translation.override("en"):
        assert _indicator("output-jam-orang").label == "Output per labour-hour"
    assert _indicator("output-jam-orang").label == "Output per jam kerja orang"


def test_a_visit_is_measured_once_with_the_mean_of_its_samples(world, audit_of_a):
    mentor = world.user("mentor")
    outcomes.record(audit=audit_of_a, user=mentor, values=BASELINE)
    search = audit_of_a.measurements.get(indicator__code="cari-alat")
    assert search.value == Decimal("100.00") and search.samples == [
        "120.00",
        "90.00",
        "150.00",
        "60.00",
        "80.00",
    ]
    assert search.measured_by == mentor
    # Sent again, changed in one value: still one row per indicator, the change in the history.
    outcomes.record(audit=audit_of_a, user=mentor, values={"waktu-setup": ["75,5"]})
    assert audit_of_a.measurements.count() == 4
    setup = audit_of_a.measurements.get(indicator__code="waktu-setup")
    assert setup.value == Decimal("75.50")
    assert [h.value for h in setup.history.order_by("history_date")] == [
        Decimal("80.00"),
        Decimal("75.50"),
    ]
    # An empty value clears the indicator.
    outcomes.record(audit=audit_of_a, user=mentor, values={"tag-merah": []})
    assert not audit_of_a.measurements.filter(indicator__code="tag-merah").exists()


@pytest.mark.parametrize(
    ("values", "code", "message"),
    [
        ({"waktu-setup": ["-5"]}, "waktu-setup", "A measurement cannot be negative."),
        ({"cari-alat": ["10", "12"]}, "cari-alat", "Give all 5 measurements, or none."),
        ({"tag-merah": ["2.5"]}, "tag-merah", "Whole numbers only."),
        ({"waktu-setup": ["2000"]}, "waktu-setup", "At most 1,440 minutes."),
        ({"insiden": ["banyak"]}, "insiden", "Enter a number."),
        ({"insiden": ["NaN"]}, "insiden", "Enter a number."),
        ({"kebisingan": ["3"]}, "kebisingan", "This indicator is not measured in this program."),
    ],
)
def test_bad_values_are_named_and_nothing_is_written(world, audit_of_a, values, code, message):
    before = fingerprint()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        outcomes.record(audit=audit_of_a, user=world.user("mentor"), values={**BASELINE, **values})
    assert refused.value.message_dict == {code: [message]}
    assert fingerprint() == before


def test_space_freed_cannot_exceed_the_floor_the_firm_leases(world, audit_of_a):
    unit = UnitFactory(type=UnitTypeFactory(floor_area_m2=Decimal("54.0")))
    LeaseFactory(
        estate=unit.estate,
        tenant=world.firm_a,
        units=[unit],
        starts_on=date(2021, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    neighbour = UnitFactory(estate=unit.estate, type=UnitTypeFactory(estate=unit.estate))
    LeaseFactory(  # firm B's unit next door is not firm A's floor
        estate=unit.estate,
        tenant=world.firm_b,
        units=[neighbour],
        starts_on=date(2021, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    assert outcomes.leased_floor_area(world.firm_a, audit_of_a.date) == Decimal("54.0")
    assert outcomes.leased_floor_area(world.firm_a, date(2020, 12, 31)) is None
    with pytest.raises(ValidationError) as refused:
        outcomes.record(audit=audit_of_a, user=world.user("mentor"), values={"ruang-bebas": [60]})
    assert refused.value.message_dict == {
        "ruang-bebas": ["Lebih luas dari lantai yang disewa IKM ini (54 m²)."]
    }
    outcomes.record(audit=audit_of_a, user=world.user("mentor"), values={"ruang-bebas": [54]})
    assert audit_of_a.measurements.get().value == 54


def test_a_submitted_audit_takes_no_more_measurements(world, five_r, audit_of_a):
    fill(audit_of_a, five_r.items, world.user("mentor"))
    services.submit(audit=audit_of_a, user=world.user("mentor"))
    with pytest.raises(PermissionDenied):
        outcomes.record(audit=audit_of_a, user=world.user("mentor"), values=BASELINE)
    assert not Measurement.objects.exists()


def test_the_change_follows_the_better_direction():
    lower, higher = _indicator("waktu-setup"), _indicator("output-jam-orang")
    faster = outcomes.Outcome(lower, Decimal(80), Decimal(60))
    assert faster.change == Decimal("-25.0") and faster.improved is True
    assert outcomes.Outcome(higher, Decimal(5), Decimal(6)).improved is True
    assert outcomes.Outcome(higher, Decimal(6), Decimal(5)).improved is False
    freed = outcomes.Outcome(_indicator("ruang-bebas"), Decimal(0), Decimal(12))
    assert freed.change is None and freed.improved is True  # no percent of nothing
    assert outcomes.Outcome(lower, None, Decimal(60)).change is None


def test_a_program_shows_the_median_and_interquartile_range_of_the_change():
    setup = _indicator("waktu-setup")
    firms = [
        [outcomes.Outcome(setup, Decimal(100), Decimal(100 - drop))] for drop in (10, 20, 30, 40)
    ]
    firms.append([outcomes.Outcome(setup, Decimal(50), None)])  # not measured at the end
    (spread,) = outcomes.spreads(firms, [setup])
    assert spread.firms == 4
    assert (spread.q1, spread.median, spread.q3) == (-32.5, -25.0, -17.5)
    assert spread.median_before == 100.0 and spread.median_after == 75.0


def _measured_program(world, five_r):
    """Firm A and firm B, each measured at a submitted baseline and final visit."""
    mentor = world.user("mentor")
    for firm, (before, after) in ((world.firm_a, (80, 60)), (world.firm_b, (90, 45))):
        for phase, day, value in (
            (Audit.Phase.BASELINE, date(2022, 9, 12), before),
            (Audit.Phase.FINAL, date(2022, 9, 26), after),
        ):
            audit = AuditFactory(
                firm=firm, program=five_r.program, phase=phase, date=day, auditors=[mentor]
            )
            fill(audit, five_r.items, mentor)
            outcomes.record(
                audit=audit,
                user=mentor,
                values={"waktu-setup": [value], "tag-merah": [0 if phase == "baseline" else 9]},
            )
            services.submit(audit=audit, user=mentor)


def test_the_program_page_and_report_show_the_outcomes(world, five_r, login):
    _measured_program(world, five_r)
    figures = results.program_results(five_r.program, world.user("officer"))
    setup = next(s for s in figures.spreads if s.indicator.code == "waktu-setup")
    assert (setup.firms, setup.median, setup.q1, setup.q3) == (2, -37.5, -43.8, -31.2)
    page = login(world.user("officer")).get(five_r.program.get_absolute_url())
    html = page.content.decode()
    assert 'data-testid="spread-waktu-setup"' in html
    assert "-37,5\u00a0%" in html  # median change, Indonesian format
    text = pdf_text(reports.program_pdf(five_r.program, world.user("officer")))
    assert "Hasil 5R" in text and "Perubahan per peserta" in text
    assert "Waktu setup / ganti" in text and "-37,5 %" in text
    assert "Jarak jalan" not in text  # measured nowhere: no row


def test_a_firm_sees_its_own_before_and_after(world, five_r, login):
    _measured_program(world, five_r)
    html = (
        login(world.user("firm_a"))
        .get(reverse("five_r:firm-results", args=[world.firm_a.pk]))
        .content.decode()
    )
    assert 'data-testid="outcome-waktu-setup"' in html
    assert "-25,0\u00a0% ▲" in html  # 80 → 60 minutes, better
    assert "-50,0" not in html  # firm B's change is not firm A's business


def test_the_page_records_a_visit_and_refuses_bad_input_whole(world, audit_of_a, login):
    client = login(world.user("mentor"))
    url = reverse("five_r:audit-outcomes", args=[audit_of_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    version = page.context["form"]["measured_version"].value()
    data = {"measured_version": version, "cari-alat": "20", "waktu-setup": "-3"}
    before = fingerprint()
    refused = client.post(url, data)
    assert refused.status_code == 200 and fingerprint() == before
    html = refused.content.decode()
    assert "Nilai pengukuran tidak boleh negatif." in html
    assert "Isi semua 5 pengukuran, atau kosongkan semuanya." in html
    data.update({f"cari-alat-{n}": str(20 + n) for n in range(1, 5)}, **{"waktu-setup": "45"})
    saved = client.post(url, data)
    assert saved["Location"] == f"{audit_of_a.get_absolute_url()}#outcomes"
    assert audit_of_a.measurements.get(indicator__code="cari-alat").value == Decimal("22.00")
    detail = client.get(audit_of_a.get_absolute_url()).content.decode()
    assert "Waktu setup / ganti produk" in detail and "45 menit" in detail


def test_a_stale_form_does_not_overwrite_another_mentors_values(world, audit_of_a, login):
    client = login(world.user("mentor"))
    url = reverse("five_r:audit-outcomes", args=[audit_of_a.pk])
    version = client.get(url).context["form"]["measured_version"].value()
    outcomes.record(audit=audit_of_a, user=world.user("officer"), values={"waktu-setup": [50]})
    refused = client.post(url, {"measured_version": version, "waktu-setup": "70"})
    assert refused.status_code == 200 and "Orang lain mengubah" in refused.content.decode()
    assert audit_of_a.measurements.get().value == 50
    again = client.post(url, refused.context["form"].data)  # after looking, saving goes through
    assert again.status_code == 302 and audit_of_a.measurements.get().value == 70


def test_only_those_who_may_change_the_audit_measure(world, audit_of_a, login):
    url = reverse("five_r:audit-outcomes", args=[audit_of_a.pk])
    before = fingerprint()
    for persona in ("firm_b", "far_officer", "outsider"):
        response = login(world.user(persona)).post(url, {"waktu-setup": "40"})
        assert response.status_code in (403, 404), persona
    assert fingerprint() == before


def test_the_api_records_and_refuses_like_the_page(world, audit_of_a, login):
    client = login(world.user("mentor"))
    url = f"/api/v1/5r/audits/{audit_of_a.pk}/outcomes/"
    before = fingerprint()
    refused = client.post(
        url, {"values": {"waktu-setup": [-1], "insiden": [2]}}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"waktu-setup": ["Nilai pengukuran tidak boleh negatif."]}
    assert fingerprint() == before
    saved = client.post(
        url, {"values": {"waktu-setup": [40], "insiden": ["1.5"]}}, content_type="application/json"
    )
    assert saved.status_code == 200
    assert [(m["indicator"], m["value"]) for m in saved.json()] == [
        ("waktu-setup", "40.00"),
        ("insiden", "1.50"),
    ]
    audit = client.get(f"/api/v1/5r/audits/{audit_of_a.pk}/").json()
    assert {m["indicator"] for m in audit["measurements"]} == {"waktu-setup", "insiden"}
    other = login(world.user("firm_b")).post(
        url, {"values": {"waktu-setup": [1]}}, content_type="application/json"
    )
    assert other.status_code == 404
    assert audit_of_a.measurements.get(indicator__code="waktu-setup").value == 40


def test_the_insights_show_the_outcomes_in_scope_live_and_over_a_snapshot(world, five_r, login):
    _measured_program(world, five_r)
    (tags, setup) = figures.outcomes(Filters(region="33.28", year=2022))
    assert (tags.indicator.code, tags.firms, tags.median_after) == ("tag-merah", 0, 9.0)
    assert (setup.indicator.code, setup.firms, setup.median) == ("waktu-setup", 2, -37.5)
    assert figures.outcomes(Filters(region="33.74", year=2022)) == []  # Semarang: no one
    assert figures.outcomes(Filters(region="33.28", year=2023)) == []  # the program is 2022's
    html = (
        login(world.user("officer"))
        .get(reverse("insights:dashboard"), {"region": "33.28", "year": 2022})
        .content.decode()
    )
    assert 'data-testid="figure-outcomes"' in html and "-37,5\u00a0%" in html
    snapshots.compute(Filters(region="33", year=2022), date(2026, 11, 29))
    _steps, key, _snapshot = snapshots.read(Filters(region="33", year=2022))
    assert [(s.indicator.code, s.median) for s in key.outcomes] == [
        ("tag-merah", None),
        ("waktu-setup", -37.5),
    ]
