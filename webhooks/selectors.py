"""Reads for the webhooks' panel."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from .models import Attempt, Delivery, Endpoint


def endpoints_with_figures() -> QuerySet[Endpoint]:
    """Every endpoint with its deliveries counted by outcome and its last delivery's time."""
    return Endpoint.objects.annotate(
        delivered_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DELIVERED)),
        waiting_count=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]),
        ),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        last_event_at=Max("deliveries__event__occurred_at"),
    ).order_by("url")


def deliveries_of(*, endpoint: Endpoint) -> QuerySet[Delivery]:
    """The endpoint's deliveries, newest first, with their events and tries."""
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("number")))
        .order_by("-event__occurred_at", "-pk")
    )
