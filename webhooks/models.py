import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.domain_events import (
    AGREEMENT_IN_FORCE,
    MEMBER_JOINED,
    MEMBER_LEFT,
    REGISTRATION_CANCELLED,
    REGISTRATION_CREATED,
    RESOLUTION_ADOPTED,
)
from core.models import TimeStampedModel

# The test event a coordinator sends to check an endpoint; no change in the portal emits it.
PING = "ping"
EVENT_LABELS = {
    MEMBER_JOINED: _("A member joined"),
    MEMBER_LEFT: _("A member left"),
    REGISTRATION_CREATED: _("A registration for an event was created"),
    REGISTRATION_CANCELLED: _("A registration for an event was cancelled"),
    RESOLUTION_ADOPTED: _("A resolution was adopted"),
    AGREEMENT_IN_FORCE: _("An agreement came into force"),
    # Translators: the test event a coordinator sends to check a webhook endpoint.
    PING: _("Test event"),
}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(TimeStampedModel):
    """An address the coordinator registered to be told of the portal's events."""

    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept readable: every delivery is signed with it (the receiver holds the same secret).
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url"]

    def __str__(self):
        return self.url

    def event_labels(self):
        return [EVENT_LABELS.get(kind, kind) for kind in self.events]


class Event(models.Model):
    """One thing that happened, as it is sent to every endpoint subscribed to its kind."""

    uuid = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("data"))
    occurred_at = models.DateTimeField(_("occurred at"))

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-occurred_at"])]

    def __str__(self):
        return f"{self.kind} {self.uuid}"

    @property
    def kind_label(self):
        return EVENT_LABELS.get(self.kind, self.kind)


class Delivery(models.Model):
    """One event for one endpoint: created with the event, claimed by one worker at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="webhooks_one_delivery_per_event_and_endpoint"
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="webhooks_delivered_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    """What one try to deliver answered: kept so the coordinator can see why a delivery failed."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="tries"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhooks_attempt_numbered_once"
            )
        ]

    def __str__(self):
        return f"{self.delivery} #{self.number}"
