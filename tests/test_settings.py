"""Settings read from the environment: production refuses to start without its secrets, and the
embedded defaults give way to PostgreSQL and Redis when they are configured.

Each case runs Django in a subprocess with a clean environment, as a server would start.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "database_engine": settings.DATABASES["default"]["ENGINE"],
    "database_name": str(settings.DATABASES["default"]["NAME"]),
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "broker_url": settings.CELERY_BROKER_URL,
    "tasks_eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email_backend": settings.EMAIL_BACKEND,
}))
"""


def _run(args, *, settings_module, **variables):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": settings_module,
        **variables,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*args, **variables):
    return _run(
        ["manage.py", *args], settings_module="cluster_portal.settings.production", **variables
    )


def _settings_values(settings_module, **variables):
    result = _run(["-c", PRINT_SETTINGS], settings_module=settings_module, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production_env(tmp_path):
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        # `check` reads these without connecting.
        "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/cluster_portal",
        "REDIS_URL": "redis://cache.example.org:6379/0",
    }


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_production_refuses_to_start_without_a_required_variable(production_env, variable):
    del production_env[variable]

    result = _manage("check", **production_env)

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr


@pytest.mark.parametrize("variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_with_a_required_variable_set_empty(production_env, variable):
    production_env[variable] = ""

    result = _manage("check", **production_env)

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr


@pytest.mark.parametrize("variable", ["DATABASE_URL", "REDIS_URL"])
def test_production_names_the_way_to_run_on_one_host_when_it_refuses(production_env, variable):
    del production_env[variable]

    result = _manage("check", **production_env)

    assert "DJANGO_SINGLE_HOST=true" in result.stderr


def test_a_single_host_install_may_run_production_on_sqlite_and_eager_tasks(production_env):
    del production_env["DATABASE_URL"], production_env["REDIS_URL"]

    values = _settings_values(
        "cluster_portal.settings.production", DJANGO_SINGLE_HOST="true", **production_env
    )

    assert values["database_engine"] == "django.db.backends.sqlite3"
    assert values["tasks_eager"] is True


def test_production_passes_the_deployment_checks_when_configured(production_env):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **production_env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_configuration_it_runs_embedded_on_sqlite_eager_tasks_and_console_mail():
    values = _settings_values("cluster_portal.settings.local")

    assert values["database_engine"] == "django.db.backends.sqlite3"
    assert values["database_name"].endswith("db.sqlite3")
    assert values["tasks_eager"] is True
    assert values["broker_url"] == "memory://localhost/"
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert values["cache_backend"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_with_database_and_redis_urls_it_uses_postgresql_and_a_redis_broker_and_cache():
    values = _settings_values(
        "cluster_portal.settings.local",
        DATABASE_URL="postgres://portal:secret@db.example.org:5433/cluster_portal",
        REDIS_URL="redis://cache.example.org:6379/2",
    )

    assert values["database_engine"] == "django.db.backends.postgresql"
    assert values["database_name"] == "cluster_portal"
    assert values["tasks_eager"] is False
    assert values["broker_url"] == "redis://cache.example.org:6379/2"
    assert values["cache_backend"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_location"] == "redis://cache.example.org:6379/2"


PRINT_SECURITY = """
import json, django
django.setup()
from django.conf import settings
from allauth.account import app_settings as account_settings
print(json.dumps({
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "hsts_preload": settings.SECURE_HSTS_PRELOAD,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_name": settings.SESSION_COOKIE_NAME,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_age": settings.SESSION_COOKIE_AGE,
    "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT,
    "middleware": settings.MIDDLEWARE,
    "apps": settings.INSTALLED_APPS,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
    "mfa_types": settings.MFA_SUPPORTED_TYPES,
    "mfa_for_coordinators": settings.MFA_REQUIRED_FOR_COORDINATORS,
    "password_validators": [
        v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS
    ],
    "csp": {
        k: [str(v) for v in vs]
        for k, vs in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    },
    "rate_limits": account_settings.RATE_LIMITS,
    "trusted_proxies": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
}))
"""


def test_production_hardens_transport_cookies_sessions_and_logins(production_env):
    result = _run(
        ["-c", PRINT_SECURITY],
        settings_module="cluster_portal.settings.production",
        **production_env,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["hsts_seconds"] == 60 * 60 * 24 * 365
    assert values["hsts_subdomains"] is True
    assert values["hsts_preload"] is True
    assert values["ssl_redirect"] is True
    assert values["session_cookie_secure"] is True
    assert values["session_cookie_name"].startswith("__Host-")
    assert values["csrf_cookie_secure"] is True
    assert values["session_cookie_age"] == 12 * 60 * 60
    assert values["session_idle_timeout"] == 2 * 60 * 60
    middleware = values["middleware"]
    assert "csp.middleware.CSPMiddleware" in middleware
    assert "accounts.middleware.IdleSessionMiddleware" in middleware
    assert "axes.middleware.AxesMiddleware" in middleware
    assert {"csp", "axes", "allauth.mfa"} <= set(values["apps"])
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["axes_failure_limit"] == 5
    assert values["mfa_types"] == ["totp", "recovery_codes"]
    assert values["mfa_for_coordinators"] is True
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= set(values["password_validators"])
    csp = values["csp"]
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe-inline" in value for values_ in csp.values() for value in values_)
    # Failed logins count per e-mail, never per address: people behind one NAT do not lock out
    # each other; every login from one address is braked instead.
    assert values["rate_limits"]["login_failed"] == "5/5m/key"
    assert values["rate_limits"]["login"] == "30/m/ip"
    assert "accounts.middleware.RequiredMFAMiddleware" in middleware
    assert values["rate_limits"]["reset_password"]
    assert values["trusted_proxies"] == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiled a search whose estimate was high for 2 s; it then ran in 50 ms."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_worker_freezes_what_it_loaded_before_forking_its_pool():
    """So a prefork child's full collections leave the pages it shares with the parent alone."""
    import gc

    from celery import signals

    from cluster_portal.celery import freeze_the_loaded_heap

    assert freeze_the_loaded_heap in [
        receiver() for _key, receiver in signals.worker_init.receivers
    ]
    try:
        freeze_the_loaded_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
