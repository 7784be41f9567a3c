"""The scheduler's table, as a scheduler and a worker leave it."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.ops.models import ScheduledJob
from rantai.ops.schedule import JOBS


def _name(n: int) -> str:
    """The jobs of the schedule first; past them, jobs a release has since dropped."""
    return JOBS[n].name if n < len(JOBS) else f"retired_job_{n}"


class ScheduledJobFactory(DjangoModelFactory):
    """A job waiting for its next run, never run yet; ``ran`` when its last run, a minute ago,
    succeeded."""

    class Meta:
        model = ScheduledJob

    class Params:
        ran = factory.Trait(
            last_enqueued_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1)),
            last_started_at=factory.SelfAttribute("last_enqueued_at"),
            last_finished_at=factory.LazyAttribute(
                lambda job: job.last_started_at + timedelta(seconds=2)
            ),
            last_outcome=ScheduledJob.Outcome.SUCCEEDED,
            runs=1,
        )

    name = factory.Sequence(_name)
    next_run_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=15))
