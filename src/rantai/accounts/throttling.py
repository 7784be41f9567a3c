"""Who is signing in from where, and what a locked-out person sees (django-axes' hooks)."""

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``NUM_PROXIES`` proxies the entry they added
    to X-Forwarded-For (entries further left are whatever the client sent, so never trusted).
    The same rule as Django REST framework's throttles, which read the same setting."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.NUM_PROXIES or not forwarded:
        return remote_addr
    addresses = forwarded.split(",")
    return addresses[-min(settings.NUM_PROXIES, len(addresses))].strip()


ACCESS_REQUEST_WINDOW = 3600  # seconds: settings.ACCESS_REQUESTS_PER_HOUR counts per hour


def access_request_allowed(request) -> bool:
    """Counts one submission of the public request-access form from the client's address and
    says whether it is within ``ACCESS_REQUESTS_PER_HOUR``. Every submission counts, good or bad,
    so the form's answers ("this address already has an account") cannot be asked in bulk."""
    key = f"access-request:{client_ip(request)}"
    if cache.add(key, 1, timeout=ACCESS_REQUEST_WINDOW):
        return settings.ACCESS_REQUESTS_PER_HOUR >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=ACCESS_REQUEST_WINDOW)
        count = 1
    return count <= settings.ACCESS_REQUESTS_PER_HOUR


def lockout_message() -> str:
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute or ask an administrator "
        "to unlock your account.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes or ask an administrator "
        "to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After: the lockout page, or JSON for the API's token endpoint."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(
            request, settings.AXES_LOCKOUT_TEMPLATE, {"message": lockout_message()}, status=429
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
