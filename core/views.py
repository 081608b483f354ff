"""The health check: the state of the database, the cache, the broker and the file storage."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .storage import storage_status

logger = logging.getLogger(__name__)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def _check_cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_broker():
    # The portal's Celery app, made current when the project package loads it.
    from celery import current_app as app

    if app.conf.task_always_eager:
        return {"ok": True, "broker": "eager (tasks run in the web process)"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True, "broker": conn.transport_cls}


@never_cache
@require_safe
def healthz(request):
    """Answer the state of the database, cache, broker and file storage; 503 when one is down."""
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
        ("storage", storage_status),
    ):
        try:
            checks[name] = check()
        except Exception as error:  # a health check reports every failure, whatever its kind
            logger.warning("Health check %s failed: %s", name, error)
            checks[name] = {"ok": False, "error": error.__class__.__name__}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
