"""The e-mail outbox: rendered in the recipient's language, sent once after commit, retried."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.emails import email_queue
from core.models import OutboundEmail
from core.tasks import email_send, email_send_pending

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_templates")]

Status = OutboundEmail.Status


def _queue(**options):
    return email_queue(
        to="anna.nowak@example.com", template="test_message", context={"name": "Anna"}, **options
    )


def _age(outbound, *, status, minutes):
    OutboundEmail.objects.filter(pk=outbound.pk).update(
        status=status, updated_at=timezone.now() - timedelta(minutes=minutes)
    )


@pytest.fixture
def closed_port():
    """A local port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def failing_smtp(settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 5


def test_it_renders_the_email_in_the_recipients_language():
    polish = _queue(language="pl")
    english = _queue(language="en")

    assert (polish.language, english.language) == ("pl", "en")
    assert polish.subject == "Message for Anna (pl)"
    assert english.subject == "Message for Anna (en)"
    assert "rendered in en for Klaster Demo" in english.body_text
    assert '<p lang="en">' in english.body_html


def test_it_renders_in_the_portals_default_language_when_none_is_given():
    outbound = _queue()

    assert outbound.language == "pl"
    assert outbound.subject.endswith("(pl)")


def test_it_sends_nothing_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        outbound = _queue(language="en")

        assert mail.outbox == []
        assert OutboundEmail.objects.get(pk=outbound.pk).status == Status.QUEUED
    assert len(callbacks) == 1


def test_it_sends_the_email_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbound = _queue(language="en")

    [message] = mail.outbox
    assert message.to == ["anna.nowak@example.com"]
    assert message.subject == "Message for Anna (en)"
    assert "rendered in en" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT
    assert outbound.attempts == 1
    assert outbound.sent_at is not None


def test_a_rolled_back_transaction_leaves_no_email(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the change failed")

    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_it_sends_the_attachments_and_headers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(
            headers={"Reply-To": "biuro@klaster.example"},
            attachments=[("uchwała.pdf", b"%PDF-1.7 tiny", "application/pdf")],
        )

    [message] = mail.outbox
    assert message.attachments == [("uchwała.pdf", b"%PDF-1.7 tiny", "application/pdf")]
    assert message.extra_headers["Reply-To"] == "biuro@klaster.example"


def test_a_sent_email_is_not_sent_again_when_the_task_runs_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        outbound = _queue()

    email_send.delay(outbound.pk)

    assert len(mail.outbox) == 1
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (Status.SENT, 1)


def test_an_email_claimed_by_another_worker_is_left_to_it():
    outbound = _queue()
    OutboundEmail.objects.filter(pk=outbound.pk).update(status=Status.SENDING, attempts=1)

    email_send.delay(outbound.pk)

    assert mail.outbox == []
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (Status.SENDING, 1)


@pytest.mark.usefixtures("failing_smtp")
def test_a_failing_smtp_server_leaves_the_email_queued_with_the_error():
    outbound = _queue()

    email_send.delay(outbound.pk)

    outbound.refresh_from_db()
    assert outbound.status == Status.QUEUED
    assert outbound.attempts == 1
    assert outbound.last_error
    assert outbound.sent_at is None


@pytest.mark.usefixtures("failing_smtp")
def test_it_gives_up_after_the_maximum_number_of_attempts(settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    outbound = _queue()

    for _attempt in range(3):
        email_send.delay(outbound.pk)
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (Status.FAILED, 3)

    email_send.delay(outbound.pk)
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (Status.FAILED, 3)


def test_send_pending_sends_an_email_whose_task_was_lost():
    lost = _queue()
    _age(lost, status=Status.QUEUED, minutes=5)

    email_send_pending.delay()

    assert [message.to for message in mail.outbox] == [["anna.nowak@example.com"]]
    lost.refresh_from_db()
    assert lost.status == Status.SENT


def test_send_pending_leaves_a_fresh_email_to_its_own_task():
    fresh = _queue()

    email_send_pending.delay()

    assert mail.outbox == []
    fresh.refresh_from_db()
    assert fresh.status == Status.QUEUED


def test_send_pending_retries_an_email_left_sending_by_a_dead_worker():
    abandoned = _queue()
    OutboundEmail.objects.filter(pk=abandoned.pk).update(attempts=1)
    _age(abandoned, status=Status.SENDING, minutes=15)

    email_send_pending.delay()

    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_send_pending_leaves_an_email_another_worker_is_sending():
    in_progress = _queue()
    _age(in_progress, status=Status.SENDING, minutes=2)

    email_send_pending.delay()

    assert mail.outbox == []
    in_progress.refresh_from_db()
    assert in_progress.status == Status.SENDING


def test_send_pending_leaves_failed_and_sent_emails_alone():
    failed, sent = _queue(), _queue()
    _age(failed, status=Status.FAILED, minutes=60)
    _age(sent, status=Status.SENT, minutes=60)

    email_send_pending.delay()

    assert mail.outbox == []
