"""Test settings: the same real PostGIS, no outside network, fast hashing, strict templates."""

from .base import *  # noqa: F403
from .base import TEMPLATES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TRAVAILLEUR_REQUIS = False
PAGES_CACHE_SECONDES = 0  # every test sees what it just wrote (mediation/cache_pages.py is tested on its own)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "«variable de gabarit manquante : %s»"
BAN_API_URL = "http://127.0.0.1:9/ban-hors-ligne"
DATA_INCLUSION_API_URL = "http://127.0.0.1:9/data-inclusion-hors-ligne"
HTTP_SORTANT_PAUSES = False  # retries of the outside clients count their pauses, never sleep them (lieux/http.py)
LOGGING = {"version": 1, "disable_existing_loggers": False}
# static files straight from the apps (no collectstatic before tests)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each test runs inside a transaction that is rolled back; a server-side cursor opened by `.iterator()` (exports,
# reports) dies with its savepoint, and Django's later CLOSE of it, at garbage-collection time, aborted whichever
# test was running then. Client-side cursors in tests; production keeps streaming with server-side ones.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405
PILOTAGE_APRES_IMPORT = False  # the immediate task backend would compute all France inside each import's request
