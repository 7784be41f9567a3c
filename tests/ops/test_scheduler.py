"""The scheduler: jobs start when due, once per occurrence however many schedulers run, a missed
run is caught up once, a lost run is started again, and administrators see how each went."""

import threading
from datetime import datetime
from unittest import mock

import pytest
from django.core.management import call_command, get_commands
from django.db import connection
from django.utils import timezone

from rantai.ops import schedule
from rantai.ops.models import ScheduledJob
from tests.conftest import JAKARTA
from tests.factories import UserFactory

HEARTBEAT = schedule.BY_NAME["heartbeat"]
ESCALATE = schedule.BY_NAME["escalate_call_offs"]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def test_occurrences_follow_the_rule_in_the_site_time_zone():
    assert ESCALATE.next_after(at(2026, 6, 15, 10, 7)) == at(2026, 6, 15, 10, 15)
    assert ESCALATE.next_after(at(2026, 6, 15, 10, 15)) == at(2026, 6, 15, 10, 30)
    assert ESCALATE.next_after(at(2026, 6, 15, 23, 50)) == at(2026, 6, 16, 0, 0)
    daily = schedule.BY_NAME["send_partnership_reminders"]
    assert daily.next_after(at(2026, 6, 15, 10, 0)) == at(2026, 6, 16, 6, 0)
    monthly = schedule.BY_NAME["send_monthly_reports"]
    assert monthly.next_after(at(2026, 12, 31, 8, 0)) == at(2027, 1, 1, 7, 30)
    assert monthly.next_after(at(2027, 1, 1, 7, 0)) == at(2027, 1, 1, 7, 30)


def test_every_job_names_a_command_or_a_call():
    commands = get_commands()
    for job in schedule.JOBS:
        assert job.call is not None or job.name in commands, job.name


@pytest.mark.django_db
def test_a_new_job_waits_for_its_first_occurrence(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7))
    assert schedule.tick() == []
    rows = {row.name: row for row in ScheduledJob.objects.all()}
    assert set(rows) == set(schedule.BY_NAME)
    assert rows["escalate_call_offs"].next_run_at == at(2026, 6, 15, 10, 15)
    assert rows["compute_scorecards"].next_run_at == at(2026, 6, 16, 1, 30)


@pytest.mark.django_db
def test_a_due_job_runs_on_the_worker_and_its_outcome_is_kept(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    time_machine.move_to(at(2026, 6, 15, 10, 15, 3), tick=False)
    with mock.patch.object(schedule, "call_command") as command:
        command.side_effect = lambda name, stdout, stderr: stdout.write("2 escalated\n")
        started = schedule.tick()
    assert set(started) == {
        "heartbeat",
        "send_due_webhooks",
        "reap_stale_jobs",
        "escalate_call_offs",
    }
    row = ScheduledJob.objects.get(name="escalate_call_offs")
    assert row.last_outcome == ScheduledJob.Outcome.SUCCEEDED
    assert row.last_message == "2 escalated"
    assert row.runs == 1
    assert row.last_started_at == row.last_finished_at == at(2026, 6, 15, 10, 15, 3)
    assert row.next_run_at == at(2026, 6, 15, 10, 30)
    # Looking again at the same moment starts nothing: every run is claimed once.
    assert schedule.tick() == []


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_runs_again_next_time(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    time_machine.move_to(at(2026, 6, 15, 10, 15), tick=False)
    with mock.patch.object(schedule, "call_command", side_effect=RuntimeError("SMTP down")):
        schedule.tick()
    row = ScheduledJob.objects.get(name="escalate_call_offs")
    assert row.last_outcome == ScheduledJob.Outcome.FAILED
    assert row.last_message == "RuntimeError: SMTP down"
    assert row.next_run_at == at(2026, 6, 15, 10, 30)


@pytest.mark.django_db
def test_a_missed_run_is_caught_up_once(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    # The server was down for three days: 288 quarter hours were missed.
    time_machine.move_to(at(2026, 6, 18, 10, 7), tick=False)
    with mock.patch.object(schedule, "call_command") as command:
        schedule.tick()
        schedule.tick()
    names = [call.args[0] for call in command.call_args_list]
    assert names.count("escalate_call_offs") == 1
    assert names.count("send_partnership_reminders") == 1
    row = ScheduledJob.objects.get(name="escalate_call_offs")
    assert row.runs == 1 and row.next_run_at == at(2026, 6, 18, 10, 15)


@pytest.mark.django_db
def test_a_disabled_job_does_not_run(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    ScheduledJob.objects.filter(name="escalate_call_offs").update(enabled=False)
    time_machine.move_to(at(2026, 6, 15, 10, 16), tick=False)
    with mock.patch.object(schedule, "call_command") as command:
        schedule.tick()
    assert "escalate_call_offs" not in [call.args[0] for call in command.call_args_list]


@pytest.mark.django_db
def test_a_run_still_queued_is_not_started_again_until_it_counts_as_lost(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    time_machine.move_to(at(2026, 6, 15, 10, 15), tick=False)
    with mock.patch.object(schedule, "run_scheduled_job") as task:
        schedule.tick()  # queued; the worker never ran it (killed, or the queue was lost)
    assert "escalate_call_offs" in [call.args[0] for call in task.enqueue.call_args_list]
    time_machine.move_to(at(2026, 6, 15, 10, 30), tick=False)
    with mock.patch.object(schedule, "run_scheduled_job") as task:
        schedule.tick()
    assert "escalate_call_offs" not in [call.args[0] for call in task.enqueue.call_args_list]
    time_machine.move_to(at(2026, 6, 15, 11, 16), tick=False)  # more than an hour after queueing
    with mock.patch.object(schedule, "run_scheduled_job") as task:
        schedule.tick()
    assert "escalate_call_offs" in [call.args[0] for call in task.enqueue.call_args_list]


@pytest.mark.django_db
def test_a_failed_enqueue_leaves_the_job_due(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    time_machine.move_to(at(2026, 6, 15, 10, 15), tick=False)
    with mock.patch.object(schedule, "run_scheduled_job") as task:
        task.enqueue.side_effect = OSError("Redis down")
        with pytest.raises(OSError, match="Redis down"):
            schedule.tick()
    row = ScheduledJob.objects.get(name="escalate_call_offs")
    assert row.next_run_at == at(2026, 6, 15, 10, 15) and row.last_enqueued_at is None


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_claim_one_run_once(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.sync(timezone.now())
    now = at(2026, 6, 15, 10, 15)
    gate, won = threading.Barrier(4), []

    def scheduler():
        try:
            gate.wait()
            won.append(schedule.claim(ESCALATE, now))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]


@pytest.mark.django_db
def test_the_command_looks_once(time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    call_command("run_scheduler", "--once")
    time_machine.move_to(at(2026, 6, 15, 10, 8), tick=False)
    call_command("run_scheduler", "--once")
    assert ScheduledJob.objects.get(name="heartbeat").last_outcome == "succeeded"


@pytest.mark.django_db
def test_administrators_see_last_and_next_run_and_may_run_a_job_now(client, time_machine):
    time_machine.move_to(at(2026, 6, 15, 10, 7), tick=False)
    schedule.tick()
    time_machine.move_to(at(2026, 6, 15, 10, 15), tick=False)
    with mock.patch.object(schedule, "call_command", side_effect=RuntimeError("SMTP down")):
        schedule.tick()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/ops/scheduledjob/", headers={"accept-language": "en"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "escalate_call_offs" in text and "setiap 15 menit" in text
    row = ScheduledJob.objects.get(name="compute_scorecards")
    client.post(
        "/admin/ops/scheduledjob/",
        {"action": "run_now", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.next_run_at == timezone.now()
    failed = ScheduledJob.objects.get(name="escalate_call_offs")
    detail = client.get(f"/admin/ops/scheduledjob/{failed.pk}/change/")
    assert "RuntimeError: SMTP down" in detail.content.decode()


@pytest.mark.django_db
def test_others_cannot_see_the_schedule(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/admin/ops/scheduledjob/").status_code == 302
