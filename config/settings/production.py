"""Production: secrets required from the environment, HTTPS everywhere."""

from .base import *  # noqa: F403
from .base import DATABASES, env, mailers_for

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Served over https only, so websockets too: a page of our host over plain http may
# have been forged on the way and must not open a socket with the visitor's cookies.
WEBSOCKET_ALLOWED_ORIGINS = env.list(
    "WEBSOCKET_ALLOWED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Sign-up needs verification emails: never the console backend here. Without
# EMAIL_URL, mail goes to an MTA on this machine (Django's own default).
MAILERS = mailers_for(env.email_url("EMAIL_URL", default="smtp://localhost:25"))

# Under ASGI every request (and every database_sync_to_async call) runs in a thread
# of its own, so persistent connections (CONN_MAX_AGE > 0) pile up one per thread
# until PostgreSQL refuses new clients. A pool per server process caps them instead:
# a request borrows a connection and returns it when it finishes, so a process never
# holds more than max_size, and N uvicorn workers at most N * max_size.
# Defaults: 4 workers * 10 = 40, which leaves room under PostgreSQL's default
# max_connections (100) for a task worker, migrations, psql and a second set of
# workers during a rolling restart. min_size keeps two warm per process for the
# first requests after a quiet spell. A request waits at most `timeout` seconds for a
# free connection and then fails, well before a proxy gives up on it.
# DATABASE_POOL_MAX_SIZE=0 turns the pool off, for an external pooler such as
# PgBouncer; CONN_MAX_AGE then applies as usual.
# Health checks: the pool tests a connection before lending it (without the pool,
# Django tests a reused one), so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
pool_max_size = env.int("DATABASE_POOL_MAX_SIZE", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and pool_max_size:
    # Django refuses a pool with persistent connections: the pool does their job.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": pool_max_size,
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
