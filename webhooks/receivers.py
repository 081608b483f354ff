"""The webhooks' ear on `core.domain_events`, connected when the app is ready."""

from . import services


def domain_event_received(sender, *, kind, payload, occurred_at, **kwargs):
    services.deliveries_record(kind=kind, payload=payload, occurred_at=occurred_at)
