import errno
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in
    Indonesia ask for English. Here the language comes from the language switch (a cookie),
    then the signed-in user's profile, then ``LANGUAGE_CODE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DiskFullMiddleware:
    """An upload that meets a full disk gets a clear answer and leaves nothing behind.

    Every request that sends files (a multipart POST, PUT or PATCH, from a page or the API)
    runs in one transaction. When saving a file fails because the disk or the quota is full,
    the transaction is rolled back, so no row points at a file that was never written, and the
    user gets 507 Insufficient Storage: a page in his language, or JSON from the API. One place
    for every upload, instead of a ``try`` in each view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"POST", "PUT", "PATCH"} or (
            request.content_type != "multipart/form-data"
        ):
            return self.get_response(request)
        try:
            # Parsed here, not by the CSRF check: a large upload is spooled to a temporary file,
            # which may meet the full disk before any view runs.
            request.FILES  # noqa: B018
        except OSError as exc:
            if exc.errno not in DISK_FULL:
                raise
            return self.disk_full(request, exc)
        with transaction.atomic():
            request.disk_full = None  # what process_exception caught, if the disk filled
            response = self.get_response(request)
        if request.disk_full is not None:
            # Answered here, once the transaction is rolled back: the page's own queries
            # could not run inside it.
            return self.disk_full(request, request.disk_full)
        return response

    def process_exception(self, request, exception):
        if not (isinstance(exception, OSError) and exception.errno in DISK_FULL):
            return None
        if not hasattr(request, "disk_full"):  # not a request with files: nothing to undo
            return self.disk_full(request, exception)
        transaction.set_rollback(True)
        request.disk_full = exception
        return HttpResponse(status=507)  # replaced by the full answer in __call__

    def disk_full(self, request, exception):
        logger.error("Disk full while handling %s", request.path, exc_info=exception)
        message = _(
            "The server has no room left to store files, so nothing was saved. "
            "Please try again later; the team has been told."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=507)
        return render(request, "507.html", {"message": message}, status=507)
