"""``/health/`` for load balancers and monitoring: is this server able to serve?

It checks every database connection, the cache and the free disk under the data folder, and
reports the workers' heartbeat (the time the scheduler's ``heartbeat`` job last ran on a worker).
A failing database, cache or disk answers 503, so a load balancer takes this web server out of
rotation; stale workers only make the status "degraded" (200): the pages still work, and taking
every web server out because the workers stopped would make things worse.
"""

import shutil
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from rantai.ops.models import ScheduledJob


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
        result.setdefault("ok", True)
    except Exception as exc:  # any failure is the answer, never a 500
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database(alias: str):
    def check():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return check


def _cache() -> dict:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    return {"ok": ok}


def _disk() -> dict:
    usage = shutil.disk_usage(settings.DATA_DIR)
    free_mb = usage.free // (1024 * 1024)
    return {"ok": free_mb >= settings.HEALTH_MIN_FREE_DISK_MB, "free_mb": free_mb}


def _workers() -> dict:
    beat = ScheduledJob.objects.filter(name="heartbeat").values_list("last_finished_at", flat=True)
    last = beat.first()
    if last is None:
        return {"ok": False, "last_heartbeat": None}
    age = (timezone.now() - last).total_seconds()
    return {
        "ok": age <= settings.HEALTH_WORKER_MAX_AGE,
        "last_heartbeat": last.isoformat(),
        "age_s": round(age),
    }


@never_cache
def health(request):
    checks = {f"database:{alias}": _timed(_database(alias)) for alias in connections}
    checks["cache"] = _timed(_cache)
    checks["disk"] = _timed(_disk)
    checks["workers"] = _timed(_workers)
    serving = all(check["ok"] for name, check in checks.items() if name != "workers")
    if not serving:
        status = "failing"
    elif not checks["workers"]["ok"]:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)
