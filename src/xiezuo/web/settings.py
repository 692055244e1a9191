"""One settings module, driven by environment variables.

DATABASE_URL   PostgreSQL (postgres://user:pass@host/db) or SQLite; default: var/xiezuo.sqlite3
SECRET_KEY     required when DEBUG is off outside tests
DEBUG          true/false (default false)
ALLOWED_HOSTS  comma-separated (default 127.0.0.1,localhost)
XIEZUO_VAR     folder for the SQLite file, uploads and collected static files (default ./var)
XIEZUO_IMPORT_RETENTION_DAYS  days an import's uploaded file and job are kept after it ends (default 30)
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xiezuo.web.env import SettingError, env_bool, env_int, env_list, env_str

WEB = Path(__file__).resolve().parent
VAR = Path(env_str("XIEZUO_VAR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("XIEZUO_REQUIRE_SECRET", False):
        raise SettingError("SECRET_KEY must be set when DEBUG is off")
    # Local use only: `xiezuo serve` binds to 127.0.0.1 and says so.
    SECRET_KEY = "xiezuo-local-development-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "xiezuo.apps.core",
    "xiezuo.apps.regions",
    "xiezuo.apps.pairings",
    "xiezuo.apps.people",
    "xiezuo.apps.visits",
    "xiezuo.apps.projects",
    "xiezuo.apps.reports",
    "xiezuo.apps.cooperation",
    "xiezuo.apps.agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xiezuo.apps.core.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "xiezuo.web.urls"
WSGI_APPLICATION = "xiezuo.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiezuo.apps.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR / 'xiezuo.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent readers while one request writes: WAL, and wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [WEB / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise reads it at start-up, collected or not
STATICFILES_DIRS = [WEB / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR / "media"
MEDIA_URL = "media/"
# Uploaded spreadsheets and their import jobs are deleted this many days after the import ended
# (core.import_jobs.clean_up: `python -m django cleanup_imports`, and a few at every upload).
XIEZUO_IMPORT_RETENTION_DAYS = env_int("XIEZUO_IMPORT_RETENTION_DAYS", 30)
WHITENOISE_USE_FINDERS = DEBUG

# The REST API (/api/, xiezuo.apps.core.api): a token (POST /api/token/) or the signed-in session, the
# same scoping as the pages, and an OpenAPI schema whose documentation page is served from local files.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xiezuo (协作) ledger API",
    "DESCRIPTION": (
        "Every ledger of East–West cooperation, read and written with the same permissions as the pages. "
        "Authenticate with `Authorization: Token <key>` (POST a username and password to /api/token/ for "
        "the key) or a signed-in session. Updates send the version they are based on; a stale one gets 409."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request and response shapes differ (write-only reason, read-only id and times): separate components.
    "COMPONENT_SPLIT_REQUEST": True,
    # Nothing from the internet: Swagger UI's own files come from drf-spectacular-sidecar, and its
    # validator badge (validator.swagger.io) is off.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True, "validatorUrl": None},
}
