from django.utils.translation import get_language

from rantai.core.models import Job


def new_job(request, kind: str, title: str, **params) -> Job:
    """A job for the signed-in user; its messages will be in the language of this request."""
    return Job.objects.create(
        kind=kind,
        user=request.user,
        params={"title": str(title), "language": get_language(), **params},
    )
