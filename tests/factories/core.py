"""Background jobs, as a task leaves them."""

import factory
from factory.django import DjangoModelFactory

from rantai.core.models import Job
from tests.factories.accounts import UserFactory


class JobFactory(DjangoModelFactory):
    """A firm import waiting for a worker; ``succeeded`` when the worker is done."""

    class Meta:
        model = Job

    class Params:
        succeeded = factory.Trait(status=Job.Status.SUCCEEDED)

    kind = "firm_import"
    user = factory.SubFactory(UserFactory)
    status = Job.Status.PENDING
