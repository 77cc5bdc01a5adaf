"""Development settings, read from the environment (django-environ); every variable is documented in .env.example."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SHARED_DIR = BASE_DIR.parent / "shared"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "dsfr",
    "django_htmx",
    "django_tasks",
    "pgtrigger",  # the history's triggers, installed by migrations (lieux/models/historique.py)
    "pghistory",
    "imports.apps.TachesDeFondConfig",  # django_tasks_db, named in French in the admin
    "lieux",
    "imports",
    "orientation",
    "embed",
    "contributions",
    "campagnes",
    "pilotage",
    "taches",
    "sauvegardes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mediation.erreurs.BaseIndisponibleMiddleware",  # a database that does not answer: French 503, never a trace
    "django.middleware.http.ConditionalGetMiddleware",  # ETag, 304 to a repeat
    "mediation.cache_pages.MiseEnCachePages",  # public pages that repeat (mediation/cache_pages.py)
    "embed.middleware.CadresMiddleware",  # only /embed/ may be framed (and sets no cookie)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lieux.historique_contexte.ContexteHistorique",  # who made a change to a lieu, kept with its history
    "imports.televersement.LimiteCorpsRequete",  # 413 before reading a body larger than its sender may send
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mediation.cache_pages.LectureCachePages",
]
PAGES_CACHE_SECONDES = env.int("PAGES_CACHE_SECONDES", default=60)
CACHE_MIDDLEWARE_ALIAS = "default"  # per process: the fastest; each gunicorn worker warms its own
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"

ROOT_URLCONF = "mediation.urls"
WSGI_APPLICATION = "mediation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mediation.context_processors.site",
            ],
        },
    },
]

# The private cluster started by `make setup` (scripts/devdb.sh) unless DATABASE_URL points elsewhere.
DEVDB_PORT = env.int("DEVDB_PORT", default=54329)
# its password, written by scripts/devdb.sh (scram-sha-256 on the loopback)
_MOT_DE_PASSE_DEVDB = BASE_DIR / ".devdb" / "motdepasse"
_IDENTITE_DEVDB = "postgres" + (":" + _MOT_DE_PASSE_DEVDB.read_text().strip() if _MOT_DE_PASSE_DEVDB.exists() else "")
DATABASES = {"default": env.db("DATABASE_URL", default=f"postgis://{_IDENTITE_DEVDB}@127.0.0.1:{DEVDB_PORT}/mediation")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")  # bench/bench_8_poids.py: a temp dir
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: coordinators' CSV/XLSX exports; larger files are refused with a clear message.
# The body's declared size is checked before it is read (imports.televersement.LimiteCorpsRequete: 64 KB for
# anonymous visitors, IMPORT_MAX_UPLOAD_SIZE + 1 MB for staff) and files are counted as they arrive (the first
# handler stops one at IMPORT_MAX_UPLOAD_SIZE, before the temporary file grows further).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_SIZE = env.int("IMPORT_MAX_UPLOAD_SIZE", default=100 * 1024 * 1024)
# A full import that would archive more than this share of a source's active lieux asks for an explicit confirmation
IMPORT_SEUIL_ARCHIVAGE = env.float("IMPORT_SEUIL_ARCHIVAGE", default=0.5)
HISTORIQUE_JOURS = env.int("HISTORIQUE_JOURS", default=730)  # steps of the lieux' history kept (lieux/historique.py)
CORPS_PUBLIC_MAX = env.int("CORPS_PUBLIC_MAX", default=64 * 1024)
FILE_UPLOAD_HANDLERS = [
    "imports.televersement.TeleversementLimite",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Security defaults, also in development: only /embed/ may be framed (embed/middleware.py).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Background jobs (imports, syncs): django-tasks with its database backend; `make run` starts the worker.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# /sante/ answers 503 when no worker beats (taches/): true whenever tasks go through the database queue
TRAVAILLEUR_REQUIS = env.bool("TRAVAILLEUR_REQUIS",
                              default=TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend")
TACHES_BATTEMENT_S = env.float("TACHES_BATTEMENT_S", default=10)  # heartbeat period of each worker
TACHES_ABSENT_APRES_S = env.float("TACHES_ABSENT_APRES_S", default=60)  # silent this long: the worker is gone

# Reverse proxies in front of the application whose X-Forwarded-For is believed (0: none, REMOTE_ADDR is the client)
NOMBRE_PROXYS = env.int("NOMBRE_PROXYS", default=0)
# Counters shared by every process (rate limits): in the database, no other server needed (taches migration 0002)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "partage": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_partage",
                "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4}},
}

REST_FRAMEWORK = {
    "NUM_PROXIES": NOMBRE_PROXYS,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API des lieux de médiation numérique",
    "DESCRIPTION": "Lecture seule ; champs nommés comme le standard national v1.0.2.",
    "VERSION": "1.0.0",
    # Swagger UI served from our own static files (drf-spectacular-sidecar): the docs page works offline
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Public API rates per client address (lieux/api/base.py); "0" disables a scope (benchmarks).
API_DEBITS = {"api": env("API_DEBIT", default="300/min"), "carte": env("API_DEBIT_CARTE", default="1200/min")}
# Map aggregations are cached this many seconds (lieux/agregation.py); 0 disables the cache.
CARTE_CACHE_SECONDES = env.int("CARTE_CACHE_SECONDES", default=60)

# Map: OpenStreetMap France tiles by default (override with MAP_TILES_URL / MAP_TILES_ATTRIBUTION).
MAP_TILES_URL = env("MAP_TILES_URL", default="https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default="&copy; les contributeurs d'OpenStreetMap (ODbL), fond OSM France",
)
GEO_ATTRIBUTION = "Découpage administratif : INSEE, IGN (ADMIN EXPRESS), La Poste, DGCL — Licence Ouverte 2.0"
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    "TILES": [("OpenStreetMap France", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
    "RESET_VIEW": False,
}

# Outside services: BAN geocoder, data·inclusion (one retrying HTTP session for both: lieux/http.py).
BAN_API_URL = env("BAN_API_URL", default="https://api-adresse.data.gouv.fr")
DATA_INCLUSION_API_URL = env("DATA_INCLUSION_API_URL", default="https://api.data.inclusion.gouv.fr")
DATA_INCLUSION_API_TOKEN = env("DATA_INCLUSION_API_TOKEN", default="")
DATA_INCLUSION_TIMEOUT = env.float("DATA_INCLUSION_TIMEOUT", default=30.0)
OUTSIDE_HTTP_TIMEOUT = env.float("OUTSIDE_HTTP_TIMEOUT", default=10.0)

SITE_NAME = "Cartographie des lieux de médiation numérique"
# Where people write when they cannot reach a content (the accessibility declaration, /accessibilite/)
CONTACT_ACCESSIBILITE = env("CONTACT_ACCESSIBILITE", default="accessibilite@mediation-numerique.example")
SITE_URL = env("SITE_URL", default="http://localhost:8000")  # absolute links in e-mails

# « Mentions légales » and « Données personnelles » (lieux/views/site.py): who publishes, who hosts, whom to ask.
# The defaults are placeholders, to be set in production's environment.
EDITEUR_NOM = env("EDITEUR_NOM", default="[Nom de la structure éditrice]")
EDITEUR_ADRESSE = env("EDITEUR_ADRESSE", default="[Adresse postale de la structure éditrice]")
EDITEUR_DIRECTEUR_PUBLICATION = env("EDITEUR_DIRECTEUR_PUBLICATION", default="[Nom du directeur ou de la directrice "
                                    "de la publication]")
HEBERGEUR_NOM = env("HEBERGEUR_NOM", default="[Nom de l'hébergeur]")
HEBERGEUR_ADRESSE = env("HEBERGEUR_ADRESSE", default="[Adresse de l'hébergeur]")
CONTACT_DONNEES_PERSONNELLES = env("CONTACT_DONNEES_PERSONNELLES",
                                  default="donnees-personnelles@mediation-numerique.example")
# Retention of personal data, applied by `purger_donnees_personnelles` (contributions/retention.py,
# docs/donnees-personnelles.md): pending contributions deleted, contributors' name, e-mail and message cleared from
# moderated ones, the e-mails left with error reports cleared, after so many days.
CONTRIBUTIONS_CONSERVATION_JOURS = env.int("CONTRIBUTIONS_CONSERVATION_JOURS", default=180)
SIGNALEMENTS_CONSERVATION_JOURS = env.int("SIGNALEMENTS_CONSERVATION_JOURS", default=180)
# Management commands the nightly `purger_imports` runs after its own purge (a lower app never imports a higher one)
PURGES_ASSOCIEES = env.list("PURGES_ASSOCIEES", default=["purger_donnees_personnelles"])

# E-mail (« Signaler une erreur » notifications): EMAIL_URL such as smtp+tls://user:password@host:587, console
# by default. Reports go to SIGNALEMENTS_DESTINATAIRES and to the staff users allowed to handle them.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ne-pas-repondre@localhost")
SIGNALEMENTS_DESTINATAIRES = env.list("SIGNALEMENTS_DESTINATAIRES", default=[])
# How long the link inviting a lieu's manager to edit it stays valid (contributions/invitations.py)
INVITATION_DUREE_JOURS = env.int("INVITATION_DUREE_JOURS", default=30)
# Update campaigns (campagnes/, docs/campagnes.md): how many e-mails the worker sends per minute at most
CAMPAGNES_ENVOIS_PAR_MINUTE = env.int("CAMPAGNES_ENVOIS_PAR_MINUTE", default=120)

# Debian 12 ships GDAL 3.6, older than what Django 5.2 tests against: Django warns gis.W001
# ("GDAL ... is not supported"). Everything we use works with it; the warning is silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Territorial steering (pilotage/): recompute the precomputed figures after each applied import (a background task)
PILOTAGE_APRES_IMPORT = env.bool("PILOTAGE_APRES_IMPORT", default=True)
