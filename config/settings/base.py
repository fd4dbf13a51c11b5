"""Settings shared by every environment, read from environment variables.

Defaults are safe for local use: a SQLite file, the in-memory channel layer
and the console email backend. Production overrides live in production.py.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Pages that may open websockets: `https://host` matches that scheme, host and port
# only; a bare host matches any scheme. Empty: ALLOWED_HOSTS, any scheme (local use).
WEBSOCKET_ALLOWED_ORIGINS = env.list("WEBSOCKET_ALLOWED_ORIGINS", default=[])

INSTALLED_APPS = [
    # daphne first so that runserver serves websockets too.
    "daphne",
    "home.admin_config.CommonsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search of messages (a tsvector column; lounge.search).
    "django.contrib.postgres",
    "django.forms",
    "channels",
    "django_htmx",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "accounts",
    "lounge",
    "lounge.meetups",
    "courses",
    "groups",
    "groups.boards",
    "groups.live",
    "mentorship",
    "mentorship.coffee",
    "home",
]

MIDDLEWARE = [
    # First, so that every response carries the policy, also those answered before the
    # rest of the stack has run (a foreign Host header, NUL bytes in the request).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.middleware.RejectNullBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.ViewerTimeZoneMiddleware",
    "accounts.middleware.ConductAcceptanceMiddleware",
]

ROOT_URLCONF = "config.urls"
# Lets form widgets use project templates (the time zone picker's datalist).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.viewer_time_zone",
                "core.context_processors.live_socket",
                "home.context_processors.header_badges",
            ],
            "builtins": ["accounts.templatetags.commons_time"],
            # core is a package of shared machinery, not an installed app.
            "libraries": {"charts": "core.templatetags.charts"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a plan that it costs high, which a page's queries over
    # thousands of groups are: compiling took 200 ms of a 290 ms browse query that
    # runs in 80 ms without it. Short queries never win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# Redis pub/sub ignores database numbers, so deployments (and test runs) sharing a Redis
# would hear each other's events and see each other's presence: every channel-layer
# group and every key of ours carries this prefix.
REDIS_KEY_PREFIX = env("CHANNEL_LAYER_PREFIX", default="commons")
# channels-redis has two layers; the lounge's fan-out benchmark picks the default
# (docs/lounge.md, benchmarks/chat_fanout.py). CHANNEL_LAYER=core|pubsub overrides it.
CHANNEL_LAYER_BACKENDS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": CHANNEL_LAYER_BACKENDS[env("CHANNEL_LAYER", default="pubsub")],
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": REDIS_KEY_PREFIX,
            },
        }
    }
    CACHES = {
        "default": {
            # While Redis is unreachable this process's memory stands in (core/cache.py):
            # pages keep working and sign-in rate limits hold per process.
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            # A Redis that hangs costs a request at most a second, not forever.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One process only: the demo default. Production sets REDIS_URL.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: tasks wait in the database until a `manage.py db_worker` runs them
# (README: "Background work"); the web process never waits on a job.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz answers 503 when the oldest task that is due has waited longer than this:
# a minute tick is always queued, so a queue this far behind means no worker is
# running, or too few for the load, and reminders and emails are going out late.
TASK_QUEUE_MAX_AGE_SECONDS = env.int("TASK_QUEUE_MAX_AGE_SECONDS", default=300)

AUTH_USER_MODEL = "accounts.User"
# Both load the profile with the user (accounts.backends): one query, not two, on
# every signed-in request, as nearly every page reads the viewer's zone and name.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login, verification is mandatory, and neither
# signup nor password reset reveals whether an address has an account.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtrasForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Group mentions in chat (lounge.group_mentions): no handle may take their names.
ACCOUNT_USERNAME_BLACKLIST = ["channel", "everyone", "here", "moderators", "organisers"]
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Commons] "
# Links in email (which has no request to build them from) start with this.
SITE_URL = env("SITE_URL", default="http://localhost:8000")
# Answers whether notifications' recipients may still see what they are about
# (accounts.notifications); home may import every app, accounts may not.
NOTIFICATION_SCOPE_CHECK = "home.notification_access.visible_pairs"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}


def mailers_for(email_config):
    """Django 6's MAILERS from django-environ's parsed EMAIL_URL."""
    backend = email_config["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            option: email_config[setting]
            for option, setting in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if email_config.get(setting) not in (None, "")
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_for(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Commons <no-reply@commons.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes (and whitenoise serves from).
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Files people share in chats, their profile pictures, and the files of assignments and
# team workspaces: outside every public URL, served only by views that check who may
# see them (lounge.attachments, courses.views.workspaces). Another
# backend (e.g. django-storages' S3 for several machines) by dotted path; its own
# settings come from its environment variables.
PRIVATE_FILES_BACKEND = env(
    "PRIVATE_FILES_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
PRIVATE_FILES_ROOT = Path(env("PRIVATE_FILES_ROOT", default=str(BASE_DIR / "private-files")))
STORAGES["private"] = {
    "BACKEND": PRIVATE_FILES_BACKEND,
    "OPTIONS": (
        {"location": PRIVATE_FILES_ROOT, "base_url": "/no-public-url/"}
        if PRIVATE_FILES_BACKEND.endswith("FileSystemStorage")
        # e.g. {"bucket_name": "commons-files", "default_acl": "private"} for S3; the
        # credentials come from the backend's own environment variables.
        else env.json("PRIVATE_FILES_OPTIONS", default={})
    ),
}
# The largest file one may attach to a message, checked on the bytes received.
LOUNGE_MAX_UPLOAD_BYTES = env.int("LOUNGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
