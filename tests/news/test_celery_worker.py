"""A campaign sent by real Celery workers through Redis to a real SMTP server on loopback.

What "exactly once" means (see news/sending.py): a row marked `sent` is never sent again, and
rows claimed by a worker that dies are taken over once the claim expires, so nothing is lost. The
one message a worker may have handed to SMTP just before dying, without recording it, goes again
with the same Message-ID: SMTP gives the sender no way to know whether it arrived. The test kills
the worker at both points of an SMTP transaction and checks exactly that: each confirmed recipient
has exactly one message (one Message-ID); a kill before the message is complete repeats no
transmission; a kill after it repeats only that message, under the same Message-ID.
"""

import asyncio
import os
import signal
import socket
import threading
import time
from collections import Counter, defaultdict
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from news import services
from news.models import Campaign, Delivery, Subscriber
from news.tasks import campaigns_send_due
from tests.celery_workers import CeleryWorkers
from tests.factories import UserFactory

from .conftest import CampaignFactory, SubscriberFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

WORKER_REDIS_DB = 14
WAIT_SECONDS = 90
BATCH_SIZE = 10
CLAIM_TIMEOUT = 3
CONFIRMED = 30
# The worker dies while sending this message: in the second batch, with a third still queued.
KILLED_AT = 15


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingSMTPHandler:
    """Accept every message and remember it; stall at one point so the test can kill the worker.

    A message counts as received once its data has arrived, as a real mail server queues it
    then, before it answers.
    """

    def __init__(self, *, stall_in, stall_at):
        self.stall_in, self.stall_at = stall_in, stall_at
        self.recipients_seen = 0
        self.received = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def _stall(self):
        self.stalled.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipients_seen += 1
        if self.stall_in == "rcpt" and self.recipients_seen == self.stall_at:
            await self._stall()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((envelope.rcpt_tos[0], message["Message-ID"].strip(), message))
        if self.stall_in == "data" and len(self.received) == self.stall_at:
            await self._stall()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(request):
    port = _free_port()
    handler = RecordingSMTPHandler(stall_in=request.param, stall_at=KILLED_AT)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield {"handler": handler, "port": port}
    handler.release.set()
    controller.stop()


@pytest.fixture
def workers(django_db_setup, tmp_path, smtp_server):
    """Celery workers on the test database that send through the loopback SMTP server."""
    workers = CeleryWorkers(
        redis_db=WORKER_REDIS_DB,
        log_dir=tmp_path,
        environment={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server["port"]),
            "SITE_URL": "https://klaster.example",
            "NEWSLETTER_BATCH_SIZE": str(BATCH_SIZE),
            "NEWSLETTER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        },
    )
    yield workers
    workers.stop()


def _counts(campaign):
    return Counter(Delivery.objects.filter(campaign=campaign).values_list("status", flat=True))


@pytest.mark.parametrize(
    ("smtp_server", "repeated_transmissions"),
    [("rcpt", 0), ("data", 1)],
    ids=["killed-before-the-message-is-complete", "killed-after-the-server-accepted-it"],
    indirect=["smtp_server"],
)
def test_a_worker_killed_mid_campaign_leaves_each_recipient_exactly_one_message(
    smtp_server, workers, repeated_transmissions
):
    handler = smtp_server["handler"]
    languages = ["pl", "en", "de", "fr", "ru"]
    confirmed = {
        SubscriberFactory(email=f"odbiorca{n:02d}@example.com", language=languages[n % 5]).email
        for n in range(CONFIRMED)
    }
    SubscriberFactory(email="czeka@example.com", state=Subscriber.State.PENDING)
    SubscriberFactory(email="wypisany@example.com", state=Subscriber.State.UNSUBSCRIBED)
    SubscriberFactory(email="odbity@example.com", state=Subscriber.State.BOUNCED)
    campaign = CampaignFactory()
    coordinator = UserFactory(is_coordinator=True)

    first = workers.start("first")
    with transaction.atomic():
        services.campaign_send_now(actor=coordinator, campaign=campaign)

    if not handler.stalled.wait(WAIT_SECONDS):
        pytest.fail(f"the first worker never reached message {KILLED_AT}:\n{workers.logs()}")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    handler.release.set()

    counts = _counts(campaign)
    assert counts[Delivery.Status.SENT] == KILLED_AT - 1
    assert counts[Delivery.Status.SENDING] == 2 * BATCH_SIZE - (KILLED_AT - 1)
    assert counts[Delivery.Status.QUEUED] == CONFIRMED - 2 * BATCH_SIZE

    # The next beat run, once the dead worker's claims have expired, hands the rest to a new one.
    workers.start("second")
    time.sleep(CLAIM_TIMEOUT + 0.5)
    campaigns_send_due.delay()
    workers.wait_for(
        lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT,
        what="the campaign to finish",
        seconds=WAIT_SECONDS,
    )

    message_ids = defaultdict(set)
    transmissions = Counter()
    for recipient, message_id, _message in handler.received:
        message_ids[recipient].add(message_id)
        transmissions[recipient] += 1
    assert set(message_ids) == confirmed
    assert all(len(ids) == 1 for ids in message_ids.values())
    repeated = {recipient: n for recipient, n in transmissions.items() if n > 1}
    assert sum(n - 1 for n in repeated.values()) == repeated_transmissions
    deliveries = Delivery.objects.filter(campaign=campaign)
    assert _counts(campaign) == {Delivery.Status.SENT: CONFIRMED}
    assert {d.email: {d.message_id} for d in deliveries} == dict(message_ids)


@pytest.mark.parametrize("smtp_server", ["none"], indirect=True)
def test_each_mail_is_in_the_recipients_language_with_one_click_unsubscribe(smtp_server, workers):
    handler = smtp_server["handler"]
    SubscriberFactory(email="polka@example.com", language="pl")
    SubscriberFactory(email="english@example.com", language="en")
    campaign = CampaignFactory()
    workers.start("only")

    with transaction.atomic():
        services.campaign_send_now(actor=UserFactory(is_coordinator=True), campaign=campaign)
    workers.wait_for(lambda: len(handler.received) == 2, what="two messages", seconds=WAIT_SECONDS)

    by_recipient = {recipient: message for recipient, _id, message in handler.received}
    english = by_recipient["english@example.com"]
    assert english["Subject"] == "Cluster newsletter"
    assert by_recipient["polka@example.com"]["Subject"] == "Biuletyn klastra"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        english["List-Unsubscribe"]
        .strip()
        .startswith("<https://klaster.example/newsletter/unsubscribe/")
    )
    parts = {
        part.get_content_type(): part.get_content()
        for part in english.walk()
        if not part.is_multipart()
    }
    assert "Hello, here is the news." in parts["text/plain"]
    assert "<p>Hello, here is the news.</p>" in parts["text/html"]
    assert "https://klaster.example/en/newsletter/preferences/" in parts["text/plain"]
