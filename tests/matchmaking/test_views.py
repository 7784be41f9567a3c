from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import ngettext

from rantai.core.models import Job
from rantai.matchmaking import services
from rantai.matchmaking.models import (
    Event,
    Meeting,
    MeetingRequest,
    Need,
    Registration,
    ScheduleRun,
)
from tests.core.test_spreadsheets import FORMULA, assert_kept_as_text
from tests.factories import (
    CapabilityFactory,
    FirmFactory,
    MembershipFactory,
    NeedFactory,
    SessionFactory,
    UserFactory,
)
from tests.five_r.test_reports import pdf_text
from tests.matchmaking.conftest import make_event
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


def test_a_buyer_posts_a_need_and_sees_explained_recommendations(fair, login):
    client = login(fair.buyer_user)
    response = client.post(
        reverse("matchmaking:need-create", args=[fair.event.pk]),
        {
            "title": "Bushing baja",
            "processes": ["cnc-turning"],
            "tolerance": "4",
            "volume_per_month": "10000",
            "unit": "piece",
            "certifications": ["iso9001"],
        },
    )
    need = Need.objects.get()
    assert response["Location"] == need.get_absolute_url()
    page = client.get(need.get_absolute_url())
    recommendations = page.context["recommendations"]
    assert [r.registration for r in recommendations] == [fair.a, fair.b]
    best = recommendations[0]
    assert best.parts["process"] == 35.0 and best.parts["tolerance"] == 10.0
    assert recommendations[1].parts["process"] == 17.5  # subcontracted counts half
    assert best.score == pytest.approx(sum(best.parts.values()), abs=0.2)
    assert "35,0" in page.content.decode() or "35.0" in page.content.decode()


def test_a_need_needs_a_process_and_a_sane_file(fair, login):
    client = login(fair.buyer_user)
    response = client.post(
        reverse("matchmaking:need-create", args=[fair.event.pk]),
        {
            "title": "Bushing",
            "tolerance": "2",
            "unit": "piece",
            "files": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert set(response.context["form"].errors) == {"processes", "files"}
    assert not Need.objects.exists()


def test_only_the_buyer_posts_needs_and_outsiders_see_none(fair, login, world):
    assert (
        login(world.user("firm_a"))
        .get(reverse("matchmaking:need-create", args=[fair.event.pk]))
        .status_code
        == 403
    )
    assert (
        login(world.user("outsider"))
        .get(reverse("matchmaking:need-list", args=[fair.event.pk]))
        .status_code
        == 403
    )


def test_a_supplier_sees_the_needs_that_fit_it(fair, login, world):
    NeedFactory(registration=fair.buyer, title="Poros", tolerance=3, processes=["cnc-turning"])
    page = login(world.user("firm_a")).get(reverse("matchmaking:need-list", args=[fair.event.pk]))
    fits = page.context["fits"]
    assert [(n.title, score) for n, score, _parts in fits] == [("Poros", fits[0][1])]
    assert fits[0][2]["process"] == 35.0


def test_requests_are_sent_and_answered_by_the_other_side(fair, login, world):
    buyer = login(fair.buyer_user)
    buyer.post(
        reverse("matchmaking:request-create", args=[fair.event.pk, fair.a.pk]), {"interest": "3"}
    )
    request = MeetingRequest.objects.get()
    assert (request.requester, request.interest, request.status) == (fair.buyer, 3, "pending")
    assert (
        login(world.user("firm_b"))
        .post(reverse("matchmaking:request-respond", args=[request.pk]), {"accept": "1"})
        .status_code
        == 404  # not its request: not even shown to it (as in the API)
    )
    assert (
        login(world.user("officer"))
        .post(reverse("matchmaking:request-respond", args=[request.pk]), {"accept": "1"})
        .status_code
        == 403  # the organiser sees it, but only the recipient answers
    )
    login(world.user("firm_a")).post(
        reverse("matchmaking:request-respond", args=[request.pk]), {"accept": "1"}
    )
    request.refresh_from_db()
    assert request.status == "accepted"


def test_the_organiser_schedules_pins_moves_and_publishes(fair, login, world, run_tasks):
    for supplier in (fair.a, fair.b):
        services.respond(
            request=services.request_meeting(requester=fair.buyer, recipient=supplier, interest=3),
            accept=True,
        )
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("matchmaking:schedule-run", args=[fair.event.pk]), {"seconds": "2"})
    assert Meeting.objects.count() == 2
    meeting = Meeting.objects.get(request__recipient=fair.a)
    target = fair.event.slots.last()
    response = client.post(
        reverse("matchmaking:meeting-move", args=[meeting.pk]), {"slot": target.pk, "table": "2"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.pinned) == (target, 1, True)
    client.post(reverse("matchmaking:publish", args=[fair.event.pk]))
    fair.event.refresh_from_db()
    assert fair.event.status == Event.Status.PUBLISHED
    grid = client.get(reverse("matchmaking:schedule", args=[fair.event.pk]))
    assert grid.status_code == 200 and 'data-testid="published"' in grid.content.decode()


@pytest.mark.parametrize(("given", "used"), [("abc", 30.0), ("", 30.0), ("500", 60.0), ("0", 1.0)])
def test_the_time_limit_is_kept_within_bounds(fair, login, world, given, used):
    login(world.user("officer")).post(
        reverse("matchmaking:schedule-run", args=[fair.event.pk]), {"seconds": given}
    )
    assert Job.objects.get().params["seconds"] == used


def test_the_grid_shows_the_tables_in_use_and_the_buyer_first(world, login):
    fair = make_event(world, tables=5)
    asked_by_buyer = services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3)
    asked_by_supplier = services.request_meeting(requester=fair.b, recipient=fair.buyer, interest=3)
    for request in (asked_by_buyer, asked_by_supplier):
        services.respond(request=request, accept=True)
    first, second = fair.event.slots.all()[:2]
    services.add_meeting(request=asked_by_buyer, slot=first, table=3)
    services.add_meeting(request=asked_by_supplier, slot=second, table=0)
    page = login(world.user("officer")).get(reverse("matchmaking:schedule", args=[fair.event.pk]))
    html = page.content.decode()
    assert page.context["tables"] == [1, 4]
    assert [len(cells) for _slot, cells in page.context["rows"]] == [2] * 6
    assert html.count("<th>Meja ") == 2 and "<th>Meja 4</th>" in html
    used = ngettext(
        "%(used)s of %(counter)s table in use; in each meeting the buyer comes first, then the "
        "supplier.",
        "%(used)s of %(counter)s tables in use; in each meeting the buyer comes first, then the "
        "supplier.",
        5,
    )
    assert used % {"used": 2, "counter": 5} in html
    for request in (asked_by_buyer, asked_by_supplier):
        cell = html.split(f'data-testid="meeting-{request.pk}"')[1].split("</form>")[0]
        buyer, supplier = cell.split('data-testid="buyer">')[1].split('data-testid="supplier">')
        assert buyer.startswith("PT Jateng Presisi Otomotif</div>")
        assert supplier.startswith(request.supplier.firm.name[:20])


def test_the_grid_before_any_meeting_says_so(fair, login, world):
    page = login(world.user("officer")).get(reverse("matchmaking:schedule", args=[fair.event.pk]))
    assert 'data-testid="no-meetings"' in page.content.decode()
    assert 'data-testid="grid"' not in page.content.decode()


def test_availability_is_grouped_by_session_with_readable_times(fair, login, world):
    SessionFactory(event=fair.event, name="Siang", starts_at=time(13), ends_at=time(14))
    morning, afternoon = fair.event.sessions.all()
    client = login(world.user("firm_a"))
    url = reverse("matchmaking:my-registration", args=[fair.event.pk])
    html = client.get(url).content.decode()
    groups = html.split('data-testid="session-')[1:]
    assert [g.split('"')[0] for g in groups] == [str(morning.pk), str(afternoon.pk)]
    assert [g.count('name="unavailable"') for g in groups] == [6, 3]
    assert 'data-check-all="unavailable"' in groups[0]
    assert ">09:00–09:20</label>" in groups[0] and ">13:40–14:00</label>" in groups[1]
    # The same field and the same data as before: a list of slots.
    afternoon_slots = list(afternoon.slots.all())
    response = client.post(
        url, {"unavailable": [s.pk for s in afternoon_slots], "headline": "", "about": ""}
    )
    assert response.status_code == 302
    assert set(fair.a.unavailable.all()) == set(afternoon_slots)
    again = client.get(url).content.decode().split('data-testid="session-')[2]
    assert again.count(" checked>") == 3


def test_a_need_shows_grouped_quantities_and_leaves_out_what_is_empty(fair, login):
    client = login(fair.buyer_user)
    need = NeedFactory(registration=fair.buyer, volume_per_month=30_000, target_start=None)
    url = reverse("matchmaking:need-detail", args=[need.pk])
    assert 'data-testid="delivery"' not in client.get(url).content.decode()
    need.target_start = date(2022, 3, 1)
    need.save()
    html = client.get(url).content.decode()
    assert '<dd data-testid="delivery">dari 1 Maret 2022</dd>' in html
    assert "30.000 buah / bulan" in html and "30000" not in html
    need.delivery_region_id = "33.28"
    need.save()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url).content.decode()
    assert f'<dd data-testid="delivery">{need.delivery_region} · from 1 Mar 2022</dd>' in html
    assert "30,000 pieces / month" in html


def test_participants_get_their_agenda_ics_and_pdf_but_not_others(fair, login, world):
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    services.publish(event=fair.event)
    client = login(world.user("firm_a"))
    ics = client.get(reverse("matchmaking:agenda-file", args=[fair.event.pk, "ics"]))
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar") and "PT Jateng Presisi Otomotif" in body
    assert (
        login(world.user("firm_b"))
        .get(reverse("matchmaking:agenda", args=[fair.event.pk]) + f"?registration={fair.a.pk}")
        .context["registration"]
        == fair.b
    )  # only the organiser may look at another agenda


def test_the_agenda_pdf_is_printed_by_a_job_for_its_firm_and_the_organiser(
    fair, login, world, run_tasks
):
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    services.publish(event=fair.event)
    url = reverse("matchmaking:agenda-file", args=[fair.event.pk, "pdf"])
    client = login(world.user("firm_a"))
    assert client.get(url).status_code == 405  # printing is work: it is asked for by POST
    with run_tasks():
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.result["filename"]) == (
        "agenda_pdf",
        Job.Status.SUCCEEDED,
        f"agenda-{fair.event.pk}-{fair.a.pk}.pdf",
    )
    title = job.params["title"]
    assert "PT Sinergi Mandiri Teknikatama" in title and title.endswith("Temu Bisnis Tegal (PDF)")
    text = pdf_text(b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content))
    assert "Agenda: PT Sinergi Mandiri Teknikatama" in text
    assert "PT Jateng Presisi Otomotif" in text and "Meja" in text
    # The organiser prints any participant's agenda; another firm only its own.
    with run_tasks():
        login(world.user("officer")).post(f"{url}?registration={fair.buyer.pk}")
    printed = Job.objects.get(user=world.user("officer"))
    assert printed.result["filename"] == f"agenda-{fair.event.pk}-{fair.buyer.pk}.pdf"
    with run_tasks():
        login(world.user("firm_b")).post(f"{url}?registration={fair.a.pk}")
    assert Job.objects.get(user=world.user("firm_b")).result["filename"] == (
        f"agenda-{fair.event.pk}-{fair.b.pk}.pdf"
    )


def test_an_agenda_job_whose_user_lost_the_agenda_prints_nothing(fair, login, world, run_tasks):
    owner = world.user("firm_a")
    url = reverse("matchmaking:agenda-file", args=[fair.event.pk, "pdf"])
    with run_tasks():
        login(owner).post(url)
        owner.memberships.update(is_active=False)  # he left the firm before the worker printed
    job = Job.objects.get()
    assert (job.status, job.output_file.name) == (Job.Status.FAILED, "")


def test_the_table_cards_are_printed_by_a_job_for_the_organiser(fair, login, world, run_tasks):
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    url = reverse("matchmaking:table-cards", args=[fair.event.pk])
    before = fingerprint()
    assert login(world.user("firm_a")).post(url).status_code == 403
    assert fingerprint() == before
    client = login(world.user("officer"))
    assert client.get(url).status_code == 405
    with run_tasks():
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.result["filename"]) == ("table_cards", f"table-cards-{fair.event.pk}.pdf")
    text = pdf_text(b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content))
    assert "Meja 1" in text and "PT Sinergi Mandiri Teknikatama" in text


def test_check_in_by_qr_is_for_the_organiser(fair, login, world):
    url = reverse("matchmaking:check-in", args=[fair.a.token])
    assert login(world.user("firm_b")).get(url).status_code == 403
    assert login(world.user("firm_a")).get(url).status_code == 302  # to its own agenda
    client = login(world.user("officer"))
    client.post(url)
    fair.a.refresh_from_db()
    assert fair.a.checked_in_at is not None


def test_register_and_get_approved(fair, login, world):
    client = login(world.user("coop_manager"))
    assert (
        client.get(reverse("matchmaking:register", args=[fair.event.pk])).status_code == 403
    )  # a cooperative is no IKM

    owner = UserFactory(username="owner_c")
    firm = FirmFactory(name="CV Cor Logam Talang")
    MembershipFactory(user=owner, organisation=firm)
    login(owner).post(
        reverse("matchmaking:register", args=[fair.event.pk]),
        {"firm": firm.pk, "role": "supplier", "representative": "Direktur"},
    )
    registration = Registration.objects.get(firm=firm)
    assert registration.status == "pending"
    login(world.user("officer")).post(
        reverse("matchmaking:registrations", args=[fair.event.pk]),
        {"registration": registration.pk, "decision": "approved"},
    )
    registration.refresh_from_db()
    assert registration.status == "approved"


def test_outcomes_and_statistics_pages(fair, login, world):
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    services.publish(event=fair.event)
    meeting = Meeting.objects.get()
    response = login(world.user("firm_a")).post(
        meeting.get_absolute_url(),
        {
            "stage": "quotation",
            "note": "Penawaran dikirim",
            "follow_up": "Kirim sampel",
            "due_on": "2021-12-10",
        },
    )
    assert response.status_code == 302
    assert meeting.outcomes.get().stage == "quotation" and meeting.follow_ups.count() == 1
    assert login(world.user("firm_b")).get(meeting.get_absolute_url()).status_code == 404
    stats = login(world.user("officer")).get(reverse("matchmaking:stats", args=[fair.event.pk]))
    assert stats.context["s"]["held"] == 1 and stats.context["s"]["scheduled"] == 1
    xlsx = login(world.user("officer")).get(
        reverse("matchmaking:stats-file", args=[fair.event.pk, "xlsx"])
    )
    assert xlsx.content[:2] == b"PK"


def test_the_need_page_also_ranks_registry_suppliers_not_at_the_event(fair, login, world):
    outside = FirmFactory(name="CV Logam Adiwerna")
    CapabilityFactory(firm=outside, process_id="cnc-turning", tolerance=4)
    unrelated = FirmFactory(name="CV Cor Kebasen")
    CapabilityFactory(firm=unrelated, process_id="sand-casting", tolerance=1)
    need = NeedFactory(
        registration=fair.buyer, title="Bushing", tolerance=4, processes=["cnc-turning"]
    )
    page = login(fair.buyer_user).get(need.get_absolute_url())
    registry = page.context["registry"]
    assert [m.firm for m in registry] == [outside]  # firms A and B are at the event already
    assert registry[0].parts["process"] == 35.0
    assert login(world.user("firm_b")).get(need.get_absolute_url()).context["registry"] is None


def test_the_statistics_workbook_keeps_formula_like_names_as_text(fair, login, world):
    Event.objects.filter(pk=fair.event.pk).update(name=FORMULA)
    xlsx = login(world.user("officer")).get(
        reverse("matchmaking:stats-file", args=[fair.event.pk, "xlsx"])
    )
    assert_kept_as_text(xlsx.content, FORMULA)


@pytest.mark.parametrize(
    "content", [b"<html><script>alert(1)</script></html>", b"\x89PNG\r\n\x1a\n not a pdf"]
)
def test_a_need_file_must_be_what_its_name_says(fair, login, content):
    response = login(fair.buyer_user).post(
        reverse("matchmaking:need-create", args=[fair.event.pk]),
        {
            "title": "Bushing",
            "tolerance": "2",
            "unit": "piece",
            "files": SimpleUploadedFile("gambar.pdf", content),
        },
    )
    assert "gambar.pdf" in response.context["form"].errors["files"][0]
    assert not Need.objects.exists()


def test_a_party_sees_its_meeting_only_once_the_schedule_is_published(fair, login, world):
    """The meeting page and the pipeline used to show a draft schedule's time and table to the
    parties, which the agenda and the API hide until the organiser publishes."""
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    meeting = Meeting.objects.get()
    firm_a = login(world.user("firm_a"))
    pipeline = reverse("matchmaking:pipeline", args=[fair.event.pk])

    def shown(page):
        return [m for _label, items in page.context["columns"] for m in items]

    assert firm_a.get(meeting.get_absolute_url()).status_code == 404
    assert shown(firm_a.get(pipeline)) == []
    assert login(world.user("officer")).get(meeting.get_absolute_url()).status_code == 200
    services.publish(event=fair.event)
    assert firm_a.get(meeting.get_absolute_url()).status_code == 200
    assert shown(firm_a.get(pipeline)) == [meeting]
    assert login(world.user("firm_b")).get(meeting.get_absolute_url()).status_code == 404


def test_the_schedule_names_the_schedulers_verdict_in_the_users_language(fair, login, world):
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    run = services.run_scheduler(event=fair.event, seconds=2)
    fair.event.runs.filter(pk=run.pk).update(status=ScheduleRun.Status.FEASIBLE)
    page = login(world.user("officer")).get(reverse("matchmaking:schedule", args=[fair.event.pk]))
    html = page.content.decode()
    assert "Semua 1 pertemuan terjadwal; tanpa jeda kosong." in html
    assert "meetings placed" not in html
