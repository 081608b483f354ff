"""Each event reaches each subscribed endpoint once, signed, with tries on a back-off."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.domain_events import MEMBER_JOINED, REGISTRATION_CREATED, domain_event_emit
from webhooks import services
from webhooks.models import Attempt, Delivery, Event

from .factories import EndpointFactory

pytestmark = pytest.mark.django_db


def emit(capture, kind=MEMBER_JOINED, payload=None):
    with capture(execute=True):
        domain_event_emit(kind=kind, payload=payload or {"organisation": {"id": 7}})


def test_an_event_is_posted_signed_to_a_subscribed_endpoint(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    emit(django_capture_on_commit_callbacks)

    [request] = receiver.received
    headers, body = request["headers"], request["body"]
    event = Event.objects.get()
    assert headers["Webhook-Id"] == str(event.uuid)
    assert headers["Webhook-Event"] == MEMBER_JOINED
    signed = f"{headers['Webhook-Id']}.{headers['Webhook-Timestamp']}.".encode() + body
    expected = hmac.new(endpoint.secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["Webhook-Signature"] == f"v1={expected}"
    assert json.loads(body) == {
        "id": str(event.uuid),
        "type": MEMBER_JOINED,
        "occurred_at": event.occurred_at.isoformat(),
        "data": {"organisation": {"id": 7}},
    }
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 1)
    assert Attempt.objects.get().status_code == 200


def test_endpoints_not_subscribed_or_inactive_get_nothing(
    receiver, django_capture_on_commit_callbacks
):
    EndpointFactory(url=receiver.url, events=[REGISTRATION_CREATED])
    EndpointFactory(url=receiver.url, is_active=False)

    emit(django_capture_on_commit_callbacks)

    assert receiver.received == []
    assert not Event.objects.exists()


def test_an_event_rolled_back_with_its_change_is_never_sent(endpoint, receiver):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        domain_event_emit(kind=MEMBER_JOINED, payload={})
        raise RuntimeError("the change failed")

    assert not Delivery.objects.exists()
    assert receiver.received == []


def test_a_failed_try_waits_for_the_back_off_then_delivers_once(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_DELAYS = [60, 300]
    receiver.answers = [500]
    emit(django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    wait = delivery.next_attempt_at - Attempt.objects.get().started_at
    assert datetime.timedelta(seconds=59) < wait < datetime.timedelta(seconds=62)
    # Not yet due: a task that comes early does nothing.
    assert services.delivery_send(delivery_id=delivery.pk) is False

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_sweep()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [attempt.status_code for attempt in delivery.tries.all()] == [500, 200]
    assert len(receiver.received) == 2
    assert len({request["headers"]["Webhook-Id"] for request in receiver.received}) == 1
    assert services.delivery_send(delivery_id=delivery.pk) is False
    assert len(receiver.received) == 2


def test_after_the_last_try_the_delivery_fails_and_the_coordinator_may_send_it_again(
    endpoint, receiver, settings, django_capture_on_commit_callbacks, coordinator
):
    settings.WEBHOOKS_RETRY_DELAYS = [60]
    receiver.answers = [503, 503, 200]
    emit(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 2)

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=delivery, actor=coordinator)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 3)
    with pytest.raises(ValidationError):
        services.delivery_resend(delivery=delivery, actor=coordinator)


def test_an_unreachable_endpoint_is_recorded_as_an_error_not_raised(
    receiver, settings, django_capture_on_commit_callbacks
):
    EndpointFactory(url="http://127.0.0.1:9/closed")
    emit(django_capture_on_commit_callbacks)

    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert "Connection" in attempt.error or "refused" in attempt.error
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_a_claim_left_by_a_stopped_worker_fails_instead_of_posting_twice(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    delivery = services.deliveries_record(
        kind=MEMBER_JOINED, payload={}, occurred_at=timezone.now()
    )[0]
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, claimed_at=long_ago, attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_sweep() == {"queued": 0, "interrupted": 1}

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert Attempt.objects.get().error == services.INTERRUPTED
    assert receiver.received == []


def test_a_ping_reaches_only_its_endpoint(receiver, django_capture_on_commit_callbacks):
    pinged = EndpointFactory(url=receiver.url)
    EndpointFactory(url=receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        services.endpoint_ping(endpoint=pinged, actor=None)

    [request] = receiver.received
    assert request["headers"]["Webhook-Event"] == "ping"
    assert Delivery.objects.get().endpoint == pinged


def test_a_private_address_is_refused_when_saving_an_endpoint(settings, db):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(ValidationError):
        services.endpoint_save(
            actor=None, data={"url": "https://192.168.0.10/hook", "events": [MEMBER_JOINED]}
        )


def test_an_endpoint_needs_known_events(db):
    with pytest.raises(ValidationError):
        services.endpoint_save(
            actor=None, data={"url": "https://93.184.216.34/hook", "events": ["member.hacked"]}
        )


def test_without_an_endpoint_for_the_kind_emitting_runs_no_query(django_assert_num_queries):
    EndpointFactory(events=[REGISTRATION_CREATED])
    domain_event_emit(kind=MEMBER_JOINED, payload={})

    with django_assert_num_queries(0):
        domain_event_emit(kind=MEMBER_JOINED, payload={})
    assert not Event.objects.exists()


def test_an_endpoint_saved_through_the_panel_hears_the_next_event_at_once(
    django_capture_on_commit_callbacks,
):
    domain_event_emit(kind=MEMBER_JOINED, payload={})
    with django_capture_on_commit_callbacks(execute=True):
        services.endpoint_save(
            actor=None, data={"url": "https://93.184.216.34/hook", "events": [MEMBER_JOINED]}
        )

    domain_event_emit(kind=MEMBER_JOINED, payload={})

    assert Event.objects.filter(kind=MEMBER_JOINED).count() == 1
