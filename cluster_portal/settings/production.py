"""Production settings: secrets have no defaults, so a missing one stops the portal at start.

Nor does production fall back to the embedded defaults: without DATABASE_URL it would run on a
SQLite file on one host, and without REDIS_URL it would run tasks inside web requests with a cache
per host. A single-host install may accept that by setting DJANGO_SINGLE_HOST=true (README).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def _required(name, value):
    """Refuse a variable that is set but empty, as env() refuses one that is missing."""
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable")
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY", env("DJANGO_SECRET_KEY"))
ALLOWED_HOSTS = _required("DJANGO_ALLOWED_HOSTS", env.list("DJANGO_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SEED_DEMO_ALLOWED = env.bool("SEED_DEMO_ALLOWED", default=False)

SINGLE_HOST = env.bool("DJANGO_SINGLE_HOST", default=False)
if not SINGLE_HOST:
    _required_for_a_deployment = {
        "DATABASE_URL": "the database (PostgreSQL), e.g. postgres://user:password@host:5432/name",
        "REDIS_URL": "Redis for the Celery broker, the cache and the rate limits",
    }
    for _variable, _meaning in _required_for_a_deployment.items():
        if not env(_variable, default=""):
            raise ImproperlyConfigured(
                f"Set the {_variable} environment variable: {_meaning}. Production settings do not "
                "fall back to SQLite, eager tasks or a per-host cache; to run everything on one "
                "host anyway, set DJANGO_SINGLE_HOST=true."
            )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers and container health checks ask over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

# The portal runs behind a TLS-terminating proxy (README): the client's address is the one the
# last DJANGO_TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For. allauth's rate limits and
# axes' lockouts (through accounts.security.client_ip) key on it; trusting more hops than there
# are proxies would let clients choose their address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
