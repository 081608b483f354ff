"""Real Celery worker processes for the tests that need them, on the test database.

Each test module names its own Redis database, which is emptied first, so no stale task reaches
its workers. While workers run, this process publishes through a Celery app of its own that
points at that database: the portal's app may already hold broker connections from other tests.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery import Celery
from django.conf import settings

from cluster_portal.celery import app as portal_app
from tests.conftest import _missing


def database_url_for_tests():
    """Return the URL of the PostgreSQL database the tests run on (pytest-django's copy)."""
    database = settings.DATABASES["default"]
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = database.get("HOST") or "127.0.0.1"
    return f"postgres://{credentials}{host}:{database.get('PORT') or 5432}/{database['NAME']}"


class CeleryWorkers:
    """Start, kill and stop worker processes; publish this process's tasks to them."""

    def __init__(self, *, redis_db, log_dir, environment=None, cwd=None):
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.REDIS_URL:
            _missing("the Celery worker tests need PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
        parts = urlsplit(settings.REDIS_URL)
        self.broker_url = urlunsplit((parts.scheme, parts.netloc, f"/{redis_db}", "", ""))
        self.log_dir = log_dir
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cluster_portal.settings.test",
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": self.broker_url,
            # Files the workers write land where this test reads them.
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
            **(environment or {}),
        }
        # A worker started elsewhere than the source tree finds the portal through PYTHONPATH, as a
        # worker on another host would through its installation.
        self.cwd = cwd or settings.BASE_DIR
        if cwd is not None:
            self.environment["PYTHONPATH"] = str(settings.BASE_DIR)
        self.processes = []
        redis.Redis.from_url(self.broker_url).flushdb()
        self.publisher = Celery("cluster_portal", set_as_current=False)
        self.publisher.config_from_object("django.conf:settings", namespace="CELERY")
        self.publisher.conf.update(task_always_eager=False, broker_url=self.broker_url)
        self.publisher.set_current()

    def start(self, name="worker"):
        log = self.log_dir / f"{name}.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "cluster_portal",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-Q",
                    "celery",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"{name}@%h",
                ],
                cwd=self.cwd,
                env=self.environment,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append((process, log))
        return process

    def logs(self):
        return "\n".join(log.read_text() for _process, log in self.processes)

    def wait_for(self, condition, *, what, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"waited {seconds} s for {what}; worker logs:\n{self.logs()}")

    def stop(self):
        self.publisher.close()
        portal_app.set_current()
        for process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
