"""The inbox: the list of one's own notifications, opening one (marks it read, then goes to its
link), marking all read, and the header's bell with the unread count."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from rantai.core.access import get_for, restrict
from rantai.core.lists import ListView
from rantai.inbox import services
from rantai.inbox.filters import NotificationFilterSet
from rantai.inbox.models import Notification
from rantai.inbox.tables import NotificationTable


class NotificationListView(ListView):
    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template_name = "inbox/notification_list.html"

    def get_queryset(self):
        return restrict(Notification.objects.all(), self.request.user)


@login_required
@require_POST
def open_notification(request, pk: int):
    notification = get_for(request.user, Notification, "change", pk=pk)
    services.mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("inbox:list")


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("inbox:list")


@require_GET
def badge(request):
    """The bell and its unread count; 286 (htmx: stop polling, and the bell goes) once the
    session has ended."""
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    unread = restrict(Notification.objects.unread(), request.user).count()
    return render(
        request,
        "inbox/_badge.html",
        {"unread": unread, "poll_seconds": settings.INBOX_POLL_SECONDS},
    )
