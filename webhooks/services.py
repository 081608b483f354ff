"""Webhooks: the coordinator's endpoints, and each event delivered once to each of them.

An event is recorded with one delivery row per subscribed endpoint in the transaction of the change
that caused it (`deliveries_record`, the receiver of `core.domain_events`). A delivery is sent by a
task that first claims it with a conditional UPDATE (pending and due → sending), so two workers, a
task queued twice or the minute's sweep never post it twice; a failed try puts it back to pending
with the next time of the back-off, until the last try fails it for good. A worker stopped in the
middle of a post leaves its claim behind: the sweep marks such a delivery failed rather than risk a
second post, and the coordinator may send it again.
"""

import datetime
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, model_snapshot, snapshot_diff
from core.domain_events import DOMAIN_EVENT_KINDS

from . import transport
from .models import PING, Attempt, Delivery, Endpoint, Event, new_secret

ENDPOINT_FIELDS = ("url", "description", "events", "is_active")
# A claim older than this belongs to a worker that stopped while posting.
STALE_CLAIM = datetime.timedelta(minutes=10)
INTERRUPTED = "interrupted: the worker stopped while sending"
# The kinds some active endpoint hears, shared by the portal's processes through the cache: a
# change that emits an event often holds a row lock (an event's seats), and without an endpoint
# for its kind it then runs no query at all for the webhooks.
SUBSCRIBED_KINDS_KEY = "webhooks:subscribed-kinds"
SUBSCRIBED_KINDS_SECONDS = 300


def _retry_delays() -> list[datetime.timedelta]:
    return [datetime.timedelta(seconds=seconds) for seconds in settings.WEBHOOKS_RETRY_DELAYS]


def _queue(delivery_ids: Iterable[int]) -> None:
    from .tasks import delivery_send

    ids = list(delivery_ids)
    transaction.on_commit(lambda: [delivery_send.delay(pk) for pk in ids])


def _subscribed_kinds() -> frozenset[str]:
    kinds = cache.get(SUBSCRIBED_KINDS_KEY)
    if kinds is None:
        kinds = frozenset(
            kind
            for events in Endpoint.objects.filter(is_active=True).values_list("events", flat=True)
            for kind in events
        )
        cache.set(SUBSCRIBED_KINDS_KEY, kinds, SUBSCRIBED_KINDS_SECONDS)
    return kinds


def _subscriptions_changed() -> None:
    transaction.on_commit(lambda: cache.delete(SUBSCRIBED_KINDS_KEY))


def _clean_endpoint(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(ENDPOINT_FIELDS)
    if unknown:
        raise ValueError(f"Not an endpoint's field: {sorted(unknown)}")
    cleaned = dict(data)
    if "url" in cleaned:
        transport.target_resolve(cleaned["url"])
    if "events" in cleaned:
        events = list(dict.fromkeys(cleaned["events"]))
        if not events or not set(events) <= set(DOMAIN_EVENT_KINDS):
            raise ValidationError(
                {"events": _("Choose at least one of the portal's events.")}, code="events"
            )
        cleaned["events"] = events
    return cleaned


@transaction.atomic
def endpoint_save(
    *, actor: User | None, data: Mapping[str, Any], endpoint: Endpoint | None = None
) -> Endpoint:
    """Create an endpoint or change one; its address must be a public host's."""
    cleaned = _clean_endpoint(data)
    _subscriptions_changed()
    if endpoint is None:
        endpoint = Endpoint.objects.create(created_by=actor, **cleaned)
        audit_log(
            actor=actor,
            action="webhook.endpoint_created",
            target=endpoint,
            changes=model_snapshot(endpoint, ENDPOINT_FIELDS),
        )
        return endpoint
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = model_snapshot(endpoint, ENDPOINT_FIELDS)
    for field, value in cleaned.items():
        setattr(endpoint, field, value)
    endpoint.save()
    changes = snapshot_diff(before, model_snapshot(endpoint, ENDPOINT_FIELDS))
    if changes:
        audit_log(actor=actor, action="webhook.endpoint_changed", target=endpoint, changes=changes)
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, endpoint: Endpoint, actor: User | None) -> Endpoint:
    """Give the endpoint a new signing secret; deliveries from now on are signed with it."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    audit_log(actor=actor, action="webhook.secret_rotated", target=endpoint)
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint, actor: User | None) -> None:
    """Delete an endpoint with its deliveries; the audit trail keeps that it existed."""
    _subscriptions_changed()
    audit_log(
        actor=actor,
        action="webhook.endpoint_deleted",
        target=endpoint,
        changes=model_snapshot(endpoint, ENDPOINT_FIELDS),
    )
    endpoint.delete()


def _event_create(
    *, kind: str, payload: Mapping[str, Any], occurred_at: datetime.datetime
) -> Event:
    # Stored as the JSON it will be sent as: dates, decimals and UUIDs become strings once, here.
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return Event.objects.create(kind=kind, payload=data, occurred_at=occurred_at)


def deliveries_record(
    *, kind: str, payload: Mapping[str, Any], occurred_at: datetime.datetime
) -> list[Delivery]:
    """Record `kind` for every active endpoint subscribed to it; run in the change's transaction."""
    if kind not in _subscribed_kinds():
        return []
    endpoints = [
        endpoint for endpoint in Endpoint.objects.filter(is_active=True) if kind in endpoint.events
    ]
    if not endpoints:
        return []
    event = _event_create(kind=kind, payload=payload, occurred_at=occurred_at)
    deliveries = Delivery.objects.bulk_create(
        Delivery(event=event, endpoint=endpoint, next_attempt_at=occurred_at)
        for endpoint in endpoints
    )
    _queue(delivery.pk for delivery in deliveries)
    return deliveries


@transaction.atomic
def endpoint_ping(*, endpoint: Endpoint, actor: User | None) -> Delivery:
    """Send the endpoint a test event, to check its address and its signature check."""
    now = timezone.now()
    event = _event_create(
        kind=PING, payload={"endpoint": endpoint.pk, "message": "ping"}, occurred_at=now
    )
    delivery = Delivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=now)
    audit_log(actor=actor, action="webhook.pinged", target=endpoint)
    _queue([delivery.pk])
    return delivery


@transaction.atomic
def delivery_resend(*, delivery: Delivery, actor: User | None) -> Delivery:
    """Send a failed delivery again, at the coordinator's word (the back-off starts over)."""
    claimed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), claimed_at=None
    )
    if not claimed:
        raise ValidationError(_("Only a failed delivery can be sent again."), code="not_failed")
    delivery = Delivery.objects.select_related("event", "endpoint").get(pk=delivery.pk)
    audit_log(
        actor=actor,
        action="webhook.delivery_resent",
        target=delivery.endpoint,
        changes={"event": str(delivery.event.uuid), "kind": delivery.event.kind},
    )
    _queue([delivery.pk])
    return delivery


def _body(event: Event) -> bytes:
    envelope = {
        "id": str(event.uuid),
        "type": event.kind,
        "occurred_at": event.occurred_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_send(*, delivery_id: int) -> bool:
    """Post one due delivery if this call claims it; return whether it was posted.

    Nothing is locked while posting: the claim is the UPDATE, and the outcome is written after.
    """
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    answer = transport.post(
        url=delivery.endpoint.url,
        secret=delivery.endpoint.secret,
        message_id=str(delivery.event.uuid),
        kind=delivery.event.kind,
        body=_body(delivery.event),
        timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
    )
    _outcome_record(delivery, answer, started_at=now)
    return True


@transaction.atomic
def _outcome_record(
    delivery: Delivery, answer: transport.Answer, *, started_at: datetime.datetime
) -> None:
    Attempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=started_at,
        duration_ms=answer.duration_ms,
        status_code=answer.status_code,
        error=answer.error,
        response_excerpt=answer.excerpt,
    )
    delivered = answer.status_code is not None and 200 <= answer.status_code < 300
    delays = _retry_delays()
    update: dict[str, Any]
    if delivered:
        update = {"status": Delivery.Status.DELIVERED, "delivered_at": timezone.now()}
    elif delivery.attempts <= len(delays):
        update = {
            "status": Delivery.Status.PENDING,
            "next_attempt_at": timezone.now() + delays[delivery.attempts - 1],
        }
    else:
        update = {"status": Delivery.Status.FAILED}
    # Only the claim this call holds is settled: a sweep that already gave up on it wins.
    settled = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=delivery.claimed_at
    ).update(**update)
    if settled and update["status"] == Delivery.Status.PENDING:
        from .tasks import delivery_send as delivery_send_task

        countdown = max(0, int((update["next_attempt_at"] - timezone.now()).total_seconds()))
        delivery_pk = delivery.pk
        transaction.on_commit(
            lambda: delivery_send_task.apply_async((delivery_pk,), countdown=countdown)
        )


def deliveries_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue what is due (a lost task does not lose a delivery) and fail interrupted claims."""
    now = now or timezone.now()
    interrupted = list(
        Delivery.objects.filter(
            status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
        ).values_list("pk", "attempts", "claimed_at")
    )
    failed = 0
    for pk, attempts, claimed_at in interrupted:
        with transaction.atomic():
            if Delivery.objects.filter(
                pk=pk, status=Delivery.Status.SENDING, claimed_at=claimed_at
            ).update(status=Delivery.Status.FAILED):
                Attempt.objects.get_or_create(
                    delivery_id=pk,
                    number=attempts,
                    defaults={
                        "started_at": claimed_at or now,
                        "duration_ms": 0,
                        "error": INTERRUPTED,
                    },
                )
                failed += 1
    due = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[: settings.WEBHOOKS_SWEEP_BATCH]
    )
    with transaction.atomic():
        _queue(due)
    return {"queued": len(due), "interrupted": failed}
