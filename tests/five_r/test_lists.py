"""The 5R lists (programs, checklists, audits, corrective actions) as list pages: filters narrow
to the exact rows, a second page holds the rest (no silent cut), a bad filter value is refused
with the FilterSet's message and lists nothing, and nobody sees rows outside his scope."""

from datetime import date, timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from rantai.five_r import checklists, services
from rantai.five_r.models import Audit, AuditTemplate, CorrectiveAction
from tests.factories import AuditFactory, FirmFactory, ProgramFactory, place
from tests.lists import counted, listed, refused

pytestmark = pytest.mark.django_db

SEMARANG = "33.74.05.1001"  # a village of Kota Semarang, the far officer's remit


def test_the_programs_filter_page_and_stay_in_scope(world, login):
    tegal = [
        ProgramFactory(
            name=f"Pendampingan 5R Tegal {n:02d}",
            region_id="33.28",
            starts_on=date(2020, 1, 1) + timedelta(days=10 * n),
            ends_on=date(2020, 1, 1) + timedelta(days=10 * n + 5),
        )
        for n in range(26)
    ]
    joined = ProgramFactory(
        name="Pendampingan 5R Tegal bersama",
        region_id="33.28",
        starts_on=date(2019, 3, 1),
        ends_on=date(2019, 4, 1),
        participants=[world.firm_a],
    )
    semarang = ProgramFactory(
        name="Pendampingan 5R Semarang", region_id="33.74", starts_on=date(2019, 5, 1)
    )
    client = login(world.user("officer"))
    url = reverse("five_r:program-list")
    first = client.get(url)  # the newest first
    assert counted(first) == 27
    assert listed(first) == tegal[::-1][:25]
    assert listed(client.get(url, {"page": 2})) == [tegal[0], joined]
    assert listed(client.get(url, {"q": "tegal 07"})) == [tegal[7]]
    assert listed(client.get(url, {"year": 2019})) == [joined]
    assert 'data-testid="programs"' in first.content.decode()

    bad = client.get(url, {"year": "dua ribu"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["year"] == [refused("dua ribu", forms.DecimalField())]

    # Semarang's officer sees Semarang's program; firm A the program it takes part in.
    assert listed(login(world.user("far_officer")).get(url)) == [semarang]
    own = login(world.user("firm_a")).get(url, {"year": 2019})
    assert listed(own) == [joined]
    assert ">1</td>" in own.content.decode()  # its participants


def test_the_checklists_filter_and_page(world, login):
    shipped = checklists.load_default()
    versions = [shipped]
    for _n in range(25):
        versions.append(checklists.new_version(versions[-1], user=world.user("officer")))
    sop = checklists.as_document(shipped) | {
        "code": "sop-bubut",
        "name": {"id": "SOP mesin bubut", "en": "Lathe SOP"},
    }
    lathe = checklists.create(sop)
    AuditFactory(template=shipped)
    client = login(world.user("firm_a"))  # checklists are open to every signed-in user
    url = reverse("five_r:template-list")
    first = client.get(url)  # by code, the newest version first
    assert counted(first) == 27
    assert listed(first) == versions[::-1][:25]
    assert listed(client.get(url, {"page": 2})) == [shipped, lathe]
    assert listed(client.get(url, {"q": "bubut"})) == [lathe]
    assert listed(client.get(url, {"q": "Bengkel", "sort": "version"}))[:2] == versions[:2]
    used = {t.pk: t.used for t in listed(client.get(url, {"page": 2}))}
    assert used == {shipped.pk: 1, lathe.pk: 0}
    assert listed(client.get(url, {"q": "tidak ada"})) == []
    assert AuditTemplate.objects.count() == 27
    assert login(None).get(url).status_code == 302  # signed in only


def _audits(world, five_r):
    """26 draft audits of firm B, a submitted final one of firm A in the program, and one of a
    Semarang firm; the newest first."""
    firm_b = [
        AuditFactory(firm=world.firm_b, area=f"Gudang {n:02d}", date=date(2024, 1, 1 + n))
        for n in range(26)
    ]
    final = AuditFactory(
        firm=world.firm_a,
        program=five_r.program,
        phase=Audit.Phase.FINAL,
        area="Lantai produksi",
        date=date(2023, 6, 1),
        auditors=[world.user("mentor")],
        submitted=True,
    )
    semarang = AuditFactory(firm=FirmFactory(name="CV Semarang", **place(SEMARANG)))
    return firm_b, final, semarang


def test_the_audits_filter_page_and_stay_in_scope(world, five_r, login):
    firm_b, final, semarang = _audits(world, five_r)
    client = login(world.user("officer"))
    url = reverse("five_r:audit-list")
    first = client.get(url)
    assert counted(first) == 27
    assert listed(first) == firm_b[::-1][:25]
    second = client.get(url, {"page": 2})
    assert listed(second) == [firm_b[0], final]
    html = second.content.decode()
    assert f'data-testid="audit-{final.pk}"' in html and "text-bg-" in html  # the score badge
    assert listed(client.get(url, {"phase": "final"})) == [final]
    assert listed(client.get(url, {"status": "submitted"})) == [final]
    assert listed(client.get(url, {"program": five_r.program.pk})) == [final]
    assert listed(client.get(url, {"firm": world.firm_a.pk})) == [final]
    assert listed(client.get(url, {"q": "gudang 07"})) == [firm_b[7]]
    assert counted(client.get(url, {"phase": "baseline", "status": "draft"})) == 26

    bad = client.get(url, {"phase": "akhir"})
    assert bad.status_code == 200 and listed(bad) == []
    assert bad.context["filter"].errors["phase"] == [
        refused("akhir", forms.ChoiceField(choices=Audit.Phase.choices))
    ]
    refused_firm = client.get(url, {"firm": "abc"})
    assert refused_firm.status_code == 200 and listed(refused_firm) == []
    assert 'data-testid="error-firm"' in refused_firm.content.decode()

    # Firm A sees its own audit only, whatever it asks for; Semarang's officer Semarang's.
    own = login(world.user("firm_a"))
    assert listed(own.get(url)) == [final]
    assert listed(own.get(url, {"firm": world.firm_b.pk})) == []
    assert listed(login(world.user("far_officer")).get(url)) == [semarang]


def _actions(world, five_r):
    """Firm B's 26 findings of an audit two months ago (overdue; one of them done since) and
    firm A's one finding of today's audit (due in 30 days)."""
    today = timezone.localdate()
    codes = [item.code for item in five_r.items[:26]]
    late = AuditFactory(
        firm=world.firm_b,
        date=today - timedelta(days=60),
        submitted=True,
        submit__low_codes=codes,
    )
    recent = AuditFactory(
        firm=world.firm_a, date=today, submitted=True, submit__low_codes=codes[:1]
    )
    overdue = list(late.actions.order_by("pk"))
    done = services.update_action(
        action=overdue.pop(), user=world.user("firm_b"), status="done", closing_note="Rak dipasang"
    )
    return overdue, done, recent.actions.get()


def test_the_actions_show_the_open_ones_page_filter_and_stay_in_scope(world, five_r, login):
    overdue, done, due_later = _actions(world, five_r)
    client = login(world.user("officer"))
    url = reverse("five_r:action-list")
    first = client.get(url)  # the open ones, the earliest due first
    assert counted(first) == 26
    assert listed(first) == overdue
    assert first.context["show"] == "open"
    assert listed(client.get(url, {"page": 2})) == [due_later]
    assert listed(client.get(url, {"show": "overdue"})) == overdue
    assert counted(client.get(url, {"show": "all"})) == 27
    assert listed(client.get(url, {"status": "done"})) == [done]  # a status asks for all
    assert listed(client.get(url, {"q": "sinergi"})) == [due_later]
    firm_b = client.get(url, {"show": "all", "audit__firm": world.firm_b.pk})
    assert counted(firm_b) == 26 and listed(firm_b)[0] == done  # "done" sorts before "open"
    assert listed(client.get(url, {"audit": due_later.audit_id})) == [due_later]
    html = client.get(url, {"page": 2}).content.decode()
    assert f'data-testid="action-{due_later.pk}"' in html and 'name="show" value="open"' in html

    bad = client.get(url, {"show": "semua"})
    assert bad.status_code == 200 and listed(bad) == []
    choices = [("open", ""), ("overdue", ""), ("all", "")]
    assert bad.context["filter"].errors["show"] == [
        refused("semua", forms.ChoiceField(choices=choices))
    ]
    assert 'data-testid="error-show"' in bad.content.decode()

    # Firm A sees its own finding only, whatever it asks for; Semarang's officer sees none.
    own = login(world.user("firm_a"))
    assert listed(own.get(url, {"show": "all"})) == [due_later]
    assert listed(own.get(url, {"show": "all", "audit__firm": world.firm_b.pk})) == []
    assert listed(login(world.user("far_officer")).get(url, {"show": "all"})) == []
    assert CorrectiveAction.objects.count() == 27


def test_the_api_filters_with_the_pages_filtersets(world, five_r, login):
    overdue, done, due_later = _actions(world, five_r)
    client = login(world.user("officer"))
    actions = "/api/v1/5r/actions/"
    assert client.get(actions).json()["count"] == 27  # the API has no default
    assert client.get(actions, {"status": "done"}).json()["results"][0]["id"] == done.pk
    firm_a = client.get(actions, {"audit__firm": world.firm_a.pk}).json()
    assert [row["id"] for row in firm_a["results"]] == [due_later.pk]
    assert client.get(actions, {"show": "overdue"}).json()["count"] == len(overdue)
    assert client.get(actions, {"show": "semua"}).status_code == 400
    audits = "/api/v1/5r/audits/"
    assert client.get(audits, {"phase": "baseline", "status": "submitted"}).json()["count"] == 2
    assert client.get(audits, {"firm": world.firm_a.pk}).json()["count"] == 1
    assert client.get(audits, {"phase": "akhir"}).status_code == 400
