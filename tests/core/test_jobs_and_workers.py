"""Background work: progress while a job runs, and the two real workers (database and Redis)."""

import uuid

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.inbox.models import Notification
from rantai.partnerships.tasks import export_partnerships
from tests.factories import JobFactory


def _export(client):
    client.post(reverse("firms:export"), {"format": "csv", "query": "kind=ikm"})
    return Job.objects.get(kind="firm_export")


@pytest.mark.django_db
def test_progress_reported_by_the_worker_shows_while_the_job_runs(world, login):
    job = JobFactory(kind="firm_import", user=world.user("officer"))
    job.start(total=200)
    job.report(50)  # as the worker would, from inside its transaction
    response = login(world.user("officer")).get(
        reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'aria-valuenow="25"' in body and 'hx-trigger="every 1s"' in body
    job.succeed({"rows": 200})
    body = login(world.user("officer")).get(reverse("job-detail", args=[job.pk])).content.decode()
    assert 'aria-valuenow="100"' in body and 'hx-trigger="every 1s"' not in body


@pytest.mark.django_db
def test_a_finished_job_with_a_next_page_sends_htmx_there(world, login):
    job = JobFactory(
        kind="firm_import",
        user=world.user("officer"),
        succeeded=True,
        result={"next_url": "/firms/import/1/"},
    )
    response = login(world.user("officer")).get(
        reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == "/firms/import/1/"


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_an_export(world, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world.user("firm_a"))
    job = _export(client)
    assert job.status == Job.Status.PENDING and job.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 2


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.redis
@pytest.mark.skipif(not _redis_available(), reason="no Redis server (.ci/run starts one)")
@pytest.mark.django_db(transaction=True)
def test_the_redis_worker_runs_an_export(world, client, settings):
    prefix = f"rantai-test-{uuid.uuid4().hex[:8]}"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {"REDIS_URL": settings.REDIS_URL, "REDIS_KEY_PREFIX": prefix},
        }
    }
    client.force_login(world.user("firm_a"))
    try:
        job = _export(client)
        assert job.status == Job.Status.PENDING
        call_command("run_redis_tasks", "--no-graceful-shutdown", verbosity=0)
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 2
    finally:
        connection = redis.Redis.from_url(settings.REDIS_URL)
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)


@pytest.mark.django_db
def test_a_finished_job_tells_its_user_and_a_failed_one_does_not(
    world, client, django_capture_on_commit_callbacks
):
    """Reports ready: the user who started the job gets a notification linking to its page (and
    an email, as he prefers); a failure tells nobody that anything is ready."""
    user = world.user("firm_a")
    user.language = "en"
    user.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        job = _export(client)  # the test settings run tasks at once, once committed
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.url) == (user, "report_ready", job.get_absolute_url())
    assert told.subject.startswith("Ready: ")
    assert mail.outbox[0].to == [user.email]

    def broken(job):
        raise RuntimeError("boom")

    failing = JobFactory(user=user)
    with pytest.raises(RuntimeError):
        run_job(failing.pk, broken)
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_jobs_message_is_in_the_viewers_language_not_the_jobs(world, login):
    """An export run in Indonesian says its file is ready in English to a reader in English,
    and the other way round."""
    user = world.user("officer")
    for ran_in, shown_in, said, not_said in (
        ("id", "en", "The file is ready.", "Berkas sudah siap."),
        ("en", "id", "Berkas sudah siap.", "The file is ready."),
    ):
        params = {"title": "Ekspor", "language": ran_in, "format": "xlsx", "query": ""}
        job = JobFactory(kind="partnership_export", user=user, params=params)
        export_partnerships.call(job.pk)
        client = login(user)
        client.post(reverse("set_language"), {"language": shown_in, "next": "/"})
        html = client.get(reverse("job-detail", args=[job.pk])).content.decode()
        assert f'data-testid="job-message">{said}</span>' in html
        assert not_said not in html
