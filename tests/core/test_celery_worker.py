"""A real Celery worker consumes the outbox tasks from Redis and sends the e-mail.

The worker runs as a separate process on the test database, with a file-based e-mail backend, and
listens on its own Redis database (15 on the configured host), which the test empties first.
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
from django.db import transaction

from accounts.services import invitation_send
from cluster_portal.celery import app as celery_app
from core.emails import email_queue
from core.models import OutboundEmail
from tests.conftest import _missing

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

WORKER_REDIS_DB = 15
WAIT_SECONDS = 60


def _worker_redis_url():
    parts = urlsplit(settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{WORKER_REDIS_DB}", "", ""))


def _test_database_url():
    database = settings.DATABASES["default"]
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def _wait_for(condition, *, worker_log):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"the worker took over {WAIT_SECONDS} s; its log:\n{worker_log.read_text()}")


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """Start a Celery worker on the test database; stop its whole process group at the end."""
    # Module fixtures start before the per-test marker checks, so this one checks for itself.
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.REDIS_URL:
        _missing("the Celery worker test needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
    broker_url = _worker_redis_url()
    redis.Redis.from_url(broker_url).flushdb()
    directory = tmp_path_factory.mktemp("celery-worker")
    mail_dir = directory / "mail"
    mail_dir.mkdir()
    log = directory / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster_portal.settings.test",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
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
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield {"broker_url": broker_url, "mail_dir": mail_dir, "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def publishing_to_the_worker(worker):
    """Publish tasks to the worker's Redis through an app of their own instead of running them.

    The portal's app may already hold broker connections from other tests, so a second app
    configured for the worker's broker becomes the current one for this test.
    """
    publisher = Celery("cluster_portal", set_as_current=False)
    publisher.config_from_object("django.conf:settings", namespace="CELERY")
    publisher.conf.update(task_always_eager=False, broker_url=worker["broker_url"])
    publisher.set_current()
    yield worker
    publisher.close()
    celery_app.set_current()


def _sent_files(worker):
    return [path for path in worker["mail_dir"].iterdir() if path.stat().st_size]


def _sent(outbound):
    outbound.refresh_from_db()
    return outbound.status == OutboundEmail.Status.SENT


@pytest.mark.usefixtures("test_templates")
def test_the_worker_sends_a_queued_email_once_the_transaction_commits(publishing_to_the_worker):
    worker = publishing_to_the_worker
    with transaction.atomic():
        outbound = email_queue(
            to="anna.nowak@example.com",
            template="test_message",
            context={"name": "Anna"},
            language="en",
        )

    _wait_for(lambda: _sent(outbound), worker_log=worker["log"])
    _wait_for(lambda: _sent_files(worker), worker_log=worker["log"])
    assert outbound.attempts == 1
    [message_file] = _sent_files(worker)
    content = message_file.read_text()
    assert "To: anna.nowak@example.com" in content
    assert "Message for Anna (en)" in content


def test_the_worker_sends_an_invitation_with_its_link(publishing_to_the_worker):
    worker = publishing_to_the_worker
    before = set(_sent_files(worker))
    with transaction.atomic():
        invitation_send(email="nowy.czlonek@example.com", invited_by=None, language="pl")
    outbound = OutboundEmail.objects.get(to="nowy.czlonek@example.com")

    _wait_for(lambda: _sent(outbound), worker_log=worker["log"])
    _wait_for(lambda: set(_sent_files(worker)) - before, worker_log=worker["log"])
    [message_file] = set(_sent_files(worker)) - before
    assert "To: nowy.czlonek@example.com" in message_file.read_text()
    assert "/pl/accounts/invitation/" in outbound.body_text
