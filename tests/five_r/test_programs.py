from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rantai.five_r import checklists
from rantai.five_r.models import Activity, Attendance, AuditTemplate, Program
from tests.factories import ActivityFactory, FirmFactory
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


def program_data(five_r, world, **overrides):
    data = {
        "name": "Pendampingan 5R Slawi 2023",
        "organiser": world.regency.pk,
        "region": "33.28",
        "starts_on": "2023-03-01",
        "ends_on": "2023-04-15",
        "template": five_r.template.pk,
        "mentors": [world.user("mentor").pk],
        "participants": [world.firm_a.pk],
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_program_with_participants(world, five_r, login):
    response = login(world.user("officer")).post(
        reverse("five_r:program-create"), program_data(five_r, world)
    )
    program = Program.objects.get(name="Pendampingan 5R Slawi 2023")
    assert response["Location"] == program.get_absolute_url()
    assert list(program.participants.all()) == [world.firm_a]
    assert list(program.mentors.all()) == [world.user("mentor")]


def test_a_program_cannot_end_before_it_starts_or_leave_the_remit(world, five_r, login):
    client = login(world.user("officer"))
    response = client.post(
        reverse("five_r:program-create"), program_data(five_r, world, ends_on="2023-02-01")
    )
    assert response.context["form"].errors["ends_on"]
    response = client.post(
        reverse("five_r:program-create"), program_data(five_r, world, region="33.74")
    )  # Kota Semarang
    assert response.context["form"].errors["region"]
    assert not Program.objects.filter(name="Pendampingan 5R Slawi 2023").exists()


def test_activities_stay_inside_the_program_and_visits_name_a_firm(world, five_r, login):
    client = login(world.user("officer"))
    url = reverse("five_r:activity-create", args=[five_r.program.pk])
    response = client.post(
        url, {"kind": "visit", "title": "Kunjungan", "date": "2022-12-01", "place": "LIK Takaru"}
    )
    errors = response.context["form"].errors
    assert set(errors) == {"date", "firm"}
    client.post(
        url,
        {
            "kind": "visit",
            "title": "Kunjungan",
            "date": "2022-09-20",
            "place": "LIK Takaru",
            "firm": world.firm_a.pk,
            "mentor": world.user("mentor").pk,
        },
    )
    assert Activity.objects.get().firm == world.firm_a


def test_the_mentor_records_attendance_and_sees_the_visit_in_the_calendar(world, five_r, login):
    visit = ActivityFactory(
        program=five_r.program,
        visit=True,
        title="Audit awal",
        date=date(2022, 9, 12),
        place="LIK Takaru",
        firm=world.firm_a,
        mentor=world.user("mentor"),
    )
    client = login(world.user("mentor"))
    prefix = f"f{world.firm_a.pk}"
    client.post(
        reverse("five_r:attendance", args=[five_r.program.pk, visit.pk]),
        {
            f"{prefix}-present": "on",
            f"{prefix}-people": "3",
            f"{prefix}-names": "Direktur, 2 operator",
        },
    )
    record = Attendance.objects.get()
    assert (record.firm, record.present, record.people) == (world.firm_a, True, 3)
    page = client.get(reverse("five_r:calendar"), {"month": "2022-09"}).content.decode()
    assert "PT Sinergi Mandiri Teknikatama" in page and "September 2022" in page


def test_importing_a_broken_checklist_lists_the_problems_and_writes_nothing(world, five_r, login):
    # Two items with the same code: RK2 is renamed RK1.
    upload = SimpleUploadedFile(
        "daftar.json", checklists.to_json(five_r.template).replace(b'"RK2"', b'"RK1"', 1)
    )
    before = AuditTemplate.objects.count()
    response = login(world.user("officer")).post(
        reverse("five_r:template-import"), {"file": upload}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert AuditTemplate.objects.count() == before


def test_the_program_form_sets_the_participants_and_keeps_firms_with_audits(
    world, five_r, audit_of_a, login
):
    """Firm A has an audit in the program, so it stays; firm B leaves; firm C joins."""
    firm_c = FirmFactory(name="CV Cor Logam Talang")
    response = login(world.user("officer")).post(
        reverse("five_r:program-update", args=[five_r.program.pk]),
        program_data(five_r, world, name=five_r.program.name, participants=[firm_c.pk]),
    )
    assert response["Location"] == five_r.program.get_absolute_url()
    assert set(five_r.program.participants.all()) == {world.firm_a, firm_c}


@pytest.mark.parametrize(("persona", "status"), [("firm_a", 403), ("far_officer", 404)])
def test_a_refused_program_form_writes_nothing(world, five_r, login, persona, status):
    firm_c = FirmFactory(name="CV Cor Logam Talang")
    before = fingerprint()
    response = login(world.user(persona)).post(
        reverse("five_r:program-update", args=[five_r.program.pk]),
        program_data(five_r, world, name=five_r.program.name, participants=[firm_c.pk]),
    )
    assert response.status_code == status
    assert fingerprint() == before
