"""Workers racing for one delivery, on PostgreSQL with real threads: it is posted once."""

import pytest
from django.utils import timezone

from core.domain_events import MEMBER_JOINED
from tests.concurrency import run_together
from webhooks import services
from webhooks.models import Attempt, Delivery, Event

from .factories import EndpointFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def due_delivery(endpoint):
    """A delivery due now that no task was queued for (as after a lost task)."""
    now = timezone.now()
    event = Event.objects.create(kind=MEMBER_JOINED, payload={}, occurred_at=now)
    return Delivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=now)


def test_eight_workers_given_one_delivery_post_it_once(endpoint, receiver):
    delivery = due_delivery(endpoint)

    results, errors = run_together(
        [lambda: services.delivery_send(delivery_id=delivery.pk) for _ in range(8)]
    )

    assert errors == []
    assert sorted(results) == [False] * 7 + [True]
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 1)
    assert Attempt.objects.count() == 1


def test_a_sweep_and_workers_at_once_post_every_due_delivery_once(receiver):
    deliveries = [
        due_delivery(EndpointFactory(url=f"{receiver.url}/{index}")) for index in range(5)
    ]

    jobs = [services.deliveries_sweep for _ in range(3)] + [
        (lambda pk=delivery.pk: services.delivery_send(delivery_id=pk)) for delivery in deliveries
    ]
    _results, errors = run_together(jobs)

    assert errors == []
    assert sorted(request["path"] for request in receiver.received) == sorted(
        f"/hooks/{index}" for index in range(5)
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
