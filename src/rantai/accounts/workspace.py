"""What a reviewer of access requests has waiting (core.workspace): administrators and
officers, the requests from their remit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.models import AccessRequest
from rantai.core.access import can, restrict
from rantai.core.workspace import Item, section


@section("accounts", heading=gettext_lazy("Access requests"), order=2)
def access_requests(user, today):
    if not can(user, "view", model=AccessRequest):
        return None
    pending = AccessRequest.Status.PENDING
    count = restrict(AccessRequest.objects.filter(status=pending), user).count()
    if not count:
        return []
    text = ngettext(
        "%(count)d access request waits for your review",
        "%(count)d access requests wait for your review",
        count,
    ) % {"count": count}
    url = f"{reverse('access-requests')}?status={pending}"
    return [Item(text, url, "accounts-access-requests", count)]
