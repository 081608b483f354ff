"""Subscribing with double opt-in, preferences, unsubscribing and subscribing again."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from news import services
from news.models import Subscriber, Topic

from .conftest import SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/newsletter/"


def _subscribe(client, email="anna@example.com", topics=(Topic.GENERAL,), url=SUBSCRIBE):
    ids = Topic.objects.filter(code__in=topics).values_list("pk", flat=True)
    return client.post(url, {"email": email, "topics": list(ids), "consent": "on"})


def _confirmation_path(message):
    return re.search(r"https?://[^/\s]+(/\w\w/newsletter/confirm/\S+/)", message.body).group(1)


@pytest.mark.parametrize("persona", [None, "outsider", "representative", "coordinator"])
def test_everyone_may_open_the_form(request, client_for, persona):
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).get(SUBSCRIBE)

    assert response.status_code == 200
    assert "I agree to receive the newsletter" in response.content.decode()


def test_subscribing_records_consent_and_sends_a_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, email="Anna@Example.com ", topics=[Topic.EVENTS])

    assert response.status_code == 302
    assert response["Location"] == "/en/newsletter/requested/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "anna@example.com"
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.language == "en"
    assert "I agree to receive the newsletter" in subscriber.consent_text
    assert subscriber.consent_ip == "127.0.0.1"
    assert subscriber.consent_at is not None
    assert list(subscriber.topics.all()) == []
    [message] = mail.outbox
    assert message.to == ["anna@example.com"]
    assert "/en/newsletter/confirm/" in message.body
    assert "7 days" in message.body


def test_the_form_refuses_without_consent_or_topics(client):
    response = client.post(SUBSCRIBE, {"email": "anna@example.com"})

    assert response.status_code == 200
    assert "Choose at least one topic." in response.content.decode()
    assert "only be sent with your consent" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_opening_the_link_shows_a_button_and_confirms_only_on_post(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, topics=[Topic.GENERAL, Topic.EVENTS])
    path = _confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.PENDING

    response = client.post(path)
    subscriber = Subscriber.objects.get()
    assert response.status_code == 200
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert sorted(subscriber.topics.values_list("code", flat=True)) == ["events", "general"]
    assert client.post(path).status_code == 200


def test_the_link_expires_after_7_days(client, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client)
    path = _confirmation_path(mail.outbox[0])
    later = timezone.now() + timezone.timedelta(days=7, minutes=1)
    monkeypatch.setattr("django.core.signing.time.time", later.timestamp)

    response = client.post(path)

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_a_forged_link_is_refused(client):
    response = client.get("/en/newsletter/confirm/not-a-signed-value/")

    assert response.status_code == 400


def test_a_second_request_within_minutes_sends_no_second_mail(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client)
        _subscribe(client)

    assert len(mail.outbox) == 1


def test_subscribing_again_after_unsubscribing_works(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="anna@example.com")
    services.subscriber_unsubscribe(email=subscriber.email)
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED

    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, email="anna@example.com", topics=[Topic.EVENTS])
    assert Subscriber.objects.get().state == Subscriber.State.PENDING
    client.post(_confirmation_path(mail.outbox[-1]))

    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.unsubscribed_at is None
    assert list(subscriber.topics.values_list("code", flat=True)) == ["events"]


def test_an_old_link_cannot_resubscribe_someone_who_unsubscribed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client)
    path = _confirmation_path(mail.outbox[0])
    client.post(path)
    services.subscriber_unsubscribe(email="anna@example.com")

    response = client.post(path)

    assert response.status_code == 400
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED


def test_a_stranger_cannot_change_a_confirmed_subscribers_topics(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="anna@example.com", topics=[Topic.GENERAL])

    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, email="anna@example.com", topics=[Topic.EVENTS])

    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert list(subscriber.topics.values_list("code", flat=True)) == ["general"]
    assert "already subscribed" in mail.outbox[0].body
    client.post(_confirmation_path(mail.outbox[0]))
    assert list(subscriber.topics.values_list("code", flat=True)) == ["events"]


def test_the_confirmation_mail_is_in_the_language_of_the_form(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, url="/de/newsletter/")

    assert "/de/newsletter/confirm/" in mail.outbox[0].body
    assert Subscriber.objects.get().language == "de"


# --- Preferences --------------------------------------------------------------------------------


def test_a_subscriber_changes_topics_and_language(client):
    subscriber = SubscriberFactory(topics=[Topic.GENERAL])
    url = f"/en/newsletter/preferences/{subscriber.token}/"
    events = Topic.objects.get(code=Topic.EVENTS)

    assert client.get(url).status_code == 200
    response = client.post(url, {"topics": [events.pk], "language": "fr"})

    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"
    assert list(subscriber.topics.values_list("code", flat=True)) == ["events"]


def test_the_visible_unsubscribe_button_unsubscribes(client):
    subscriber = SubscriberFactory()

    response = client.post(f"/en/newsletter/preferences/{subscriber.token}/unsubscribe/")

    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED
    page = client.get(f"/en/newsletter/preferences/{subscriber.token}/").content.decode()
    assert "Subscribe again" in page


def test_an_unknown_token_is_404(client):
    assert client.get("/en/newsletter/preferences/unknown/").status_code == 404
    assert client.post("/en/newsletter/preferences/unknown/unsubscribe/").status_code == 404


def test_get_never_unsubscribes(client):
    subscriber = SubscriberFactory()

    client.get(f"/en/newsletter/preferences/{subscriber.token}/unsubscribe/")

    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


# --- Mail limits (issue 12) ---------------------------------------------------------------------


def _mails_to(address):
    from core.models import OutboundEmail

    return OutboundEmail.objects.filter(to=address).count()


def test_subscribing_one_address_15_times_mails_it_3_times_then_refuses(client, settings):
    settings.MAIL_TO_ADDRESS_RATE_LIMIT = "3/h"
    responses = []
    for _attempt in range(15):
        responses.append(_subscribe(client, email="victim@example.org"))
        # Past the newsletter's own pause between two links, which alone would let one through
        # every five minutes.
        Subscriber.objects.update(consent_at=timezone.now() - timezone.timedelta(minutes=6))

    assert _mails_to("victim@example.org") == 3
    assert [response.status_code for response in responses] == [302] * 3 + [429] * 12
    assert "Too many e-mails have been requested" in responses[-1].content.decode()


def test_a_client_subscribing_too_many_addresses_is_refused_and_nothing_is_saved(client, settings):
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = "20/h"
    for number in range(20):
        assert _subscribe(client, email=f"reader-{number}@example.org").status_code == 302

    response = _subscribe(client, email="one-more@example.org")

    assert response.status_code == 429
    assert "Too many e-mails have been requested" in response.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()
    assert _mails_to("one-more@example.org") == 0
