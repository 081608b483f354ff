"""Production settings with safe defaults for a benchmark on loopback.

The environment is filled in before the production settings are imported, so they read it as they
would on a server: the bench database and Redis, no HTTPS redirect (there is no proxy), a static
root of its own that the part starting gunicorn fills with collectstatic.
"""

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cluster_portal_bench"
)
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from cluster_portal.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = _ROOT / "var" / "bench-static"
MEDIA_ROOT = _ROOT / "var" / "bench-media"
PRIVATE_MEDIA_ROOT = _ROOT / "var" / "bench-private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# The quick and the full dataset share the bench's Redis db: keep their cached pages apart.
CACHES["default"]["KEY_PREFIX"] = "bench-" + DATABASES["default"]["NAME"]  # noqa: F405
