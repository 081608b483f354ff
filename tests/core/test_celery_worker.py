"""A real Celery worker consumes the outbox tasks from Redis and sends the e-mail.

The worker runs as a separate process on the test database, with a file-based e-mail backend, and
listens on its own Redis database (15 on the configured host), which the test empties first.
"""

import pytest
from django.db import transaction

from accounts.services import invitation_send
from core.emails import email_queue
from core.models import OutboundEmail
from tests.celery_workers import CeleryWorkers

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

WORKER_REDIS_DB = 15


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """One worker for the module, sending e-mail to files in a folder of its own."""
    directory = tmp_path_factory.mktemp("celery-worker")
    mail_dir = directory / "mail"
    mail_dir.mkdir()
    workers = CeleryWorkers(
        redis_db=WORKER_REDIS_DB,
        log_dir=directory,
        environment={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        },
    )
    workers.start()
    workers.mail_dir = mail_dir
    yield workers
    workers.stop()


def _sent_files(worker):
    return [path for path in worker.mail_dir.iterdir() if path.stat().st_size]


def _sent(outbound):
    outbound.refresh_from_db()
    return outbound.status == OutboundEmail.Status.SENT


@pytest.mark.usefixtures("test_templates")
def test_the_worker_sends_a_queued_email_once_the_transaction_commits(worker):
    with transaction.atomic():
        outbound = email_queue(
            to="anna.nowak@example.com",
            template="test_message",
            context={"name": "Anna"},
            language="en",
        )

    worker.wait_for(lambda: _sent(outbound), what="the e-mail to be sent")
    worker.wait_for(lambda: _sent_files(worker), what="the e-mail file")
    assert outbound.attempts == 1
    [message_file] = _sent_files(worker)
    content = message_file.read_text()
    assert "To: anna.nowak@example.com" in content
    assert "Message for Anna (en)" in content


def test_the_worker_sends_an_invitation_with_its_link(worker):
    before = set(_sent_files(worker))
    with transaction.atomic():
        invitation_send(email="nowy.czlonek@example.com", invited_by=None, language="pl")
    outbound = OutboundEmail.objects.get(to="nowy.czlonek@example.com")

    worker.wait_for(lambda: _sent(outbound), what="the e-mail to be sent")
    worker.wait_for(lambda: set(_sent_files(worker)) - before, what="the invitation file")
    [message_file] = set(_sent_files(worker)) - before
    assert "To: nowy.czlonek@example.com" in message_file.read_text()
    assert "/pl/accounts/invitation/" in outbound.body_text
