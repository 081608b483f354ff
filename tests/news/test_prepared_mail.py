"""Campaign mail over SMTP is built once per language and filled in for each recipient.

These tests send through a real SMTP server on loopback, the only transport that takes the
prepared bytes, and compare each message with the one built for its recipient on its own.
"""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from news import sending, services
from news.models import Campaign, Delivery

from .conftest import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


class _Recorder:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = _Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.SITE_URL = "https://klaster.example"
    yield recorder
    controller.stop()


def _send(campaign, coordinator, capture):
    with capture(execute=True):
        services.campaign_send_now(actor=coordinator, campaign=campaign)
    campaign.refresh_from_db()


def _parsed(content):
    return message_from_bytes(content, policy=policy.default)


def _parts(message):
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


def _built_alone(delivery):
    message = sending._delivery_message(delivery, campaign=delivery.campaign, connection=None)
    return _parsed(message.message().as_bytes(linesep="\r\n"))


HEADERS = ["Subject", "From", "To", "Message-ID", "List-Id", "List-Unsubscribe"]


def test_each_recipient_gets_the_mail_built_for_them_alone(
    smtp, coordinator, django_capture_on_commit_callbacks
):
    for n, language in enumerate(["pl", "en", "pl", "en", "de"]):
        SubscriberFactory(email=f"reader{n}@example.com", language=language)
    campaign = CampaignFactory()
    _send(campaign, coordinator, django_capture_on_commit_callbacks)

    assert campaign.status == Campaign.Status.SENT
    assert len(smtp.received) == 5
    for recipients, content in smtp.received:
        delivery = Delivery.objects.get(campaign=campaign, email=recipients[0])
        received, expected = _parsed(content), _built_alone(delivery)
        assert {name: received[name].strip() for name in HEADERS} == {
            name: expected[name].strip() for name in HEADERS
        }
        assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert received["Date"]
        assert _parts(received) == _parts(expected)
        assert delivery.token in _parts(received)["text/html"]
    assert len({_parsed(content)["Message-ID"] for _to, content in smtp.received}) == 5
    # Built once: the two Polish mails share the MIME boundary drawn when the mail was prepared.
    boundaries = {
        recipients[0]: _parsed(content).get_boundary() for recipients, content in smtp.received
    }
    assert boundaries["reader0@example.com"] == boundaries["reader2@example.com"]
    assert boundaries["reader0@example.com"] != boundaries["reader1@example.com"]


def test_the_mail_is_prepared_once_per_language_for_all_batches(settings):
    settings.SITE_URL = "https://klaster.example"
    campaign = CampaignFactory()
    mails = sending.CampaignMails()

    prepared = mails.prepared(campaign, "en")

    assert prepared is not None
    assert mails.prepared(campaign, "en") is prepared
    assert mails.prepared(campaign, "pl") is not prepared


def test_a_paragraph_too_long_for_one_line_is_still_sent_built_per_recipient(
    smtp, coordinator, django_capture_on_commit_callbacks
):
    paragraph = "Bardzo długi akapit o współpracy w klastrze. " * 40
    SubscriberFactory(email="reader@example.com", language="pl")
    campaign = CampaignFactory(body_pl=f"<p>{paragraph}</p>")
    assert sending.PreparedMail.build(campaign=campaign, language="pl") is None

    _send(campaign, coordinator, django_capture_on_commit_callbacks)

    [(recipients, content)] = smtp.received
    assert recipients == ["reader@example.com"]
    assert paragraph.strip() in _parts(_parsed(content))["text/plain"]
    assert campaign.status == Campaign.Status.SENT


def test_an_address_the_prepared_mail_cannot_carry_is_built_on_its_own(
    smtp, coordinator, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="reader@zażółć.example", language="en")
    campaign = CampaignFactory()

    _send(campaign, coordinator, django_capture_on_commit_callbacks)

    [(recipients, content)] = smtp.received
    assert recipients == ["reader@xn--za-6ja4f8n1l.example"]
    assert _parsed(content)["Subject"] == "Cluster newsletter"
