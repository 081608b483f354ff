"""Campaign audiences, sending through the outbox rows, retries, and RFC 8058 unsubscribe."""

import threading
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone, translation

from members.models import Person
from news import selectors, sending, services
from news.models import Campaign, Delivery, Subscriber, Topic
from news.tasks import campaign_send, campaigns_send_due
from tests.factories import ActionGroupFactory, PersonFactory, active_member

from .conftest import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _send_now(campaign, actor, capture):
    with capture(execute=True):
        services.campaign_send_now(actor=actor, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


# --- Audience -----------------------------------------------------------------------------------


def test_the_audience_takes_confirmed_subscribers_of_the_topics_only():
    confirmed = SubscriberFactory(email="tak@example.com")
    SubscriberFactory(email="czeka@example.com", state=Subscriber.State.PENDING)
    SubscriberFactory(email="wypisany@example.com", state=Subscriber.State.UNSUBSCRIBED)
    SubscriberFactory(email="odbity@example.com", state=Subscriber.State.BOUNCED)
    SubscriberFactory(email="inny-temat@example.com", topics=[Topic.EVENTS])

    audience = selectors.campaign_audience(campaign=CampaignFactory())

    assert audience == {"tak@example.com": ("pl", confirmed.pk)}


def test_the_members_only_topic_reaches_people_of_active_members_only(represented_organisation):
    PersonFactory(organisation=represented_organisation, email="Pracownik@Example.com")
    SubscriberFactory(email="pracownik@example.com", topics=[Topic.MEMBERS])
    SubscriberFactory(email="obcy@example.com", topics=[Topic.MEMBERS])

    audience = selectors.campaign_audience(campaign=CampaignFactory(topics=[Topic.MEMBERS]))

    assert list(audience) == ["pracownik@example.com"]


def test_representatives_and_action_groups_come_in_once_each_without_the_unsubscribed():
    organisation = active_member(name="Grupa Sp. z o.o.")
    representative = organisation.primary_representative
    Person.objects.filter(pk=representative.pk).update(email="Szef@Grupa.example", language="de")
    colleague = PersonFactory(organisation=organisation, email="kolega@grupa.example")
    quitter = PersonFactory(
        organisation=organisation, role=Person.Role.REPRESENTATIVE, email="dosc@grupa.example"
    )
    SubscriberFactory(email="dosc@grupa.example", state=Subscriber.State.UNSUBSCRIBED)
    SubscriberFactory(email="szef@grupa.example", language="en")
    group = ActionGroupFactory()
    group.organisations.add(organisation)
    campaign = CampaignFactory(topics=[], to_representatives=True)
    campaign.action_groups.add(group)

    audience = selectors.campaign_audience(campaign=campaign)

    assert sorted(audience) == ["kolega@grupa.example", "szef@grupa.example"]
    assert audience["szef@grupa.example"][0] == "en"
    assert audience[colleague.email][0] == colleague.language
    assert quitter.email not in audience


def test_a_campaign_without_recipients_cannot_be_sent(coordinator):
    campaign = CampaignFactory()

    with pytest.raises(ValidationError, match="Nobody would receive"):
        services.campaign_send_now(actor=coordinator, campaign=campaign)


# --- Sending ------------------------------------------------------------------------------------


def test_each_confirmed_recipient_gets_one_mail_in_their_language_as_text_and_html(
    coordinator, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="pl@example.com", language="pl")
    SubscriberFactory(email="en@example.com", language="en")
    SubscriberFactory(email="de@example.com", language="de")
    SubscriberFactory(email="pending@example.com", state=Subscriber.State.PENDING)
    campaign = _send_now(CampaignFactory(), coordinator, django_capture_on_commit_callbacks)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["de@example.com", "en@example.com", "pl@example.com"]
    assert by_recipient["pl@example.com"].subject == "Biuletyn klastra"
    assert by_recipient["en@example.com"].subject == "Cluster newsletter"
    assert "Hello, here is the news." in by_recipient["en@example.com"].body
    # No German text: the German recipient gets the Polish one.
    assert by_recipient["de@example.com"].subject == "Biuletyn klastra"
    html, mimetype = by_recipient["en@example.com"].alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Hello, here is the news.</p>" in html
    assert campaign.status == Campaign.Status.SENT
    assert selectors.campaign_counts(campaign=campaign)["sent"] == 3


def test_every_mail_carries_the_rfc_8058_headers_and_a_preferences_link(
    coordinator, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://klaster.example"
    SubscriberFactory(email="anna@example.com", language="en")
    campaign = _send_now(CampaignFactory(), coordinator, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    delivery = Delivery.objects.get(campaign=campaign)
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    # Long headers are folded; unfolding (RFC 5322) leaves the URL intact.
    assert parsed["List-Unsubscribe"].strip() == (
        f"<https://klaster.example/newsletter/unsubscribe/{delivery.token}/>"
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Message-ID"].strip() == delivery.message_id
    preferences = f"https://klaster.example/en/newsletter/preferences/{delivery.token}/"
    assert preferences in message.body
    assert preferences in message.alternatives[0][0]


def test_one_row_per_campaign_and_address_is_enforced_by_the_database():
    campaign = CampaignFactory()
    Delivery.objects.create(campaign=campaign, email="a@example.com", language="pl", token="t1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(campaign=campaign, email="a@example.com", language="pl", token="t2")


def test_a_sent_campaign_cannot_be_sent_again(coordinator, django_capture_on_commit_callbacks):
    SubscriberFactory()
    campaign = _send_now(CampaignFactory(), coordinator, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        services.campaign_send_now(actor=coordinator, campaign=campaign)
    campaign_send.delay(campaign.pk)

    assert len(mail.outbox) == 1


def test_failures_are_retried_with_back_off_then_marked_failed(
    coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    SubscriberFactory(email="anna@example.com")

    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    campaign = _send_now(CampaignFactory(), coordinator, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(campaign=campaign)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert "connection refused" in delivery.last_error
    delays = [delivery.next_attempt_at - timezone.now()]

    for _attempt in range(sending.DELIVERY_MAX_ATTEMPTS - 1):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        campaign_send.delay(campaign.pk)
        delivery.refresh_from_db()
        delays.append(delivery.next_attempt_at - timezone.now())

    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == sending.DELIVERY_MAX_ATTEMPTS
    assert delays[0] < delays[1] < delays[2]
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert selectors.campaign_counts(campaign=campaign)["failed"] == 1


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_timeout(settings):
    settings.NEWSLETTER_CLAIM_TIMEOUT = 60
    SubscriberFactory(email="anna@example.com")
    campaign = CampaignFactory()
    with transaction.atomic():
        services._campaign_start(campaign, actor=None)
    [claimed] = sending.deliveries_claim(campaign_id=campaign.pk)

    assert sending.deliveries_claim(campaign_id=campaign.pk) == []
    Delivery.objects.filter(pk=claimed).update(
        claimed_at=timezone.now() - timezone.timedelta(seconds=61)
    )
    assert selectors.campaigns_with_work() == [campaign.pk]
    campaigns_send_due.delay()

    delivery = Delivery.objects.get(pk=claimed)
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert len(mail.outbox) == 1


def test_a_scheduled_campaign_goes_out_when_due(coordinator, django_capture_on_commit_callbacks):
    SubscriberFactory()
    campaign = CampaignFactory()
    services.campaign_schedule(
        actor=coordinator,
        campaign=campaign,
        send_at=timezone.now() + timezone.timedelta(hours=1),
    )
    campaigns_send_due.delay()
    assert mail.outbox == []

    Campaign.objects.filter(pk=campaign.pk).update(send_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        campaigns_send_due.delay()

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert len(mail.outbox) == 1


def test_scheduling_in_the_past_is_refused(coordinator):
    SubscriberFactory()

    with pytest.raises(ValidationError) as error:
        services.campaign_schedule(
            actor=coordinator, campaign=CampaignFactory(), send_at=timezone.now()
        )
    assert "send_at" in error.value.message_dict


def test_a_test_send_goes_to_the_coordinator_only_marked_as_a_test(
    coordinator, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    campaign = CampaignFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_test_send(actor=coordinator, campaign=campaign, language="en")

    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject == "[Test] Cluster newsletter"
    assert not Delivery.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_claim_disjoint_batches():
    """Four threads claim at once; SKIP LOCKED gives every row to exactly one of them."""
    campaign = CampaignFactory(status=Campaign.Status.SENDING)
    Delivery.objects.bulk_create(
        Delivery(campaign=campaign, email=f"r{n:02d}@example.com", language="pl", token=f"t{n}")
        for n in range(40)
    )
    start = threading.Barrier(4)
    claims = []

    def claim():
        try:
            start.wait()
            claims.append(sending.deliveries_claim(campaign_id=campaign.pk, limit=15))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    claimed = [pk for batch in claims for pk in batch]
    assert len(claimed) == len(set(claimed)) == 40
    assert Delivery.objects.filter(status=Delivery.Status.SENDING, attempts=1).count() == 40


# --- RFC 8058 one-click unsubscribe -------------------------------------------------------------


@pytest.fixture
def delivery(coordinator, django_capture_on_commit_callbacks):
    SubscriberFactory(email="anna@example.com", language="en")
    campaign = _send_now(CampaignFactory(), coordinator, django_capture_on_commit_callbacks)
    return Delivery.objects.get(campaign=campaign)


def test_the_one_click_post_without_cookies_answers_200_and_unsubscribes(delivery):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/newsletter/unsubscribe/{delivery.token}/"

    first = client.post(url, {"List-Unsubscribe": "One-Click"})
    again = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == 200
    assert again.status_code == 200
    assert Subscriber.objects.get(email="anna@example.com").state == Subscriber.State.UNSUBSCRIBED


def test_after_one_click_the_address_gets_no_further_campaign(
    delivery, coordinator, client, django_capture_on_commit_callbacks
):
    client.post(f"/newsletter/unsubscribe/{delivery.token}/")
    mail.outbox.clear()

    with translation.override("en"), pytest.raises(ValidationError, match="Nobody would receive"):
        services.campaign_send_now(actor=coordinator, campaign=CampaignFactory())
    assert mail.outbox == []


def test_the_one_click_url_only_shows_a_button_on_get(delivery, client):
    response = client.get(f"/newsletter/unsubscribe/{delivery.token}/")

    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_the_one_click_page_speaks_the_recipients_language(delivery, client):
    content = client.get(f"/newsletter/unsubscribe/{delivery.token}/").content.decode()

    assert '<html lang="en">' in content


def test_one_click_for_someone_who_never_subscribed_blocks_the_address(
    coordinator, django_capture_on_commit_callbacks, client
):
    organisation = active_member(name="Członek Sp. z o.o.")
    campaign = CampaignFactory(topics=[], to_representatives=True)
    _send_now(campaign, coordinator, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(campaign=campaign)

    response = client.post(f"/newsletter/unsubscribe/{delivery.token}/")

    assert response.status_code == 200
    blocked = Subscriber.objects.get()
    assert blocked.email == organisation.primary_representative.email.lower()
    assert blocked.state == Subscriber.State.UNSUBSCRIBED
    assert selectors.campaign_audience(campaign=CampaignFactory(to_representatives=True)) == {}


def test_an_unknown_one_click_token_is_404(client):
    assert client.post("/newsletter/unsubscribe/nothing/").status_code == 404
