"""Settings for the test suite: the app's own settings with fast, isolated services."""

import tempfile

from rantai.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="rantai-test-media-")
LANGUAGE_CODE = "id"
# Throttles that a test's many requests never reach; tests/test_api_throttling.py lowers them.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "token": "100000/min"},
}
