"""Personal API tokens: a user's credential for the REST API, with scopes and an expiry."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A token a user creates in their account; only the SHA-256 of its secret is stored.

    The token reads `cp_<prefix>_<secret>`: the prefix finds the row, the digest of the whole
    token is compared in constant time. It acts as its user, within its scopes, until it expires
    or is revoked.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read what you may see")
        REGISTRATIONS_WRITE = "registrations:write", _("Register for events and cancel")
        ORGANISATION_WRITE = "organisation:write", _("Change your organisation's profile")
        COORDINATOR_READ = "coordinator:read", _("Read the registry (coordinators only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_created"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def has_scope(self, scope):
        return scope in self.scopes
