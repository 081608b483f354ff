"""What happened in the portal, told to whoever listens (the webhooks, issue 18).

A service that changes something others may want to hear about calls `domain_event_emit` inside
its own transaction. The receivers run at once, in that transaction, so what they record (a
webhook's outbox rows) commits or rolls back with the change itself. The kernel only carries the
event: it knows no receiver, and the apps that emit know none either.
"""

from collections.abc import Mapping
from typing import Any

from django.dispatch import Signal
from django.utils import timezone

# The events the portal emits; a receiver may subscribe to any of them.
MEMBER_JOINED = "member.joined"
MEMBER_LEFT = "member.left"
REGISTRATION_CREATED = "registration.created"
REGISTRATION_CANCELLED = "registration.cancelled"
RESOLUTION_ADOPTED = "resolution.adopted"
AGREEMENT_IN_FORCE = "agreement.in_force"
DOMAIN_EVENT_KINDS = (
    MEMBER_JOINED,
    MEMBER_LEFT,
    REGISTRATION_CREATED,
    REGISTRATION_CANCELLED,
    RESOLUTION_ADOPTED,
    AGREEMENT_IN_FORCE,
)

# Sent with `kind`, `payload` (JSON-ready) and `occurred_at`.
domain_event = Signal()


def domain_event_emit(*, kind: str, payload: Mapping[str, Any]) -> None:
    """Tell the receivers that `kind` happened; call it inside the change's transaction."""
    if kind not in DOMAIN_EVENT_KINDS:
        raise ValueError(f"Unknown domain event {kind!r}.")
    domain_event.send(sender=None, kind=kind, payload=dict(payload), occurred_at=timezone.now())
