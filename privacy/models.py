"""Requests about a person's data: an export prepared by a task, or an erasure confirmed by the
coordinator. Each row carries its status, so the task that works on it runs once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class DataRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        EXPORT = "export", _("copy of the data")
        ERASURE = "erasure", _("erasure")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        PROCESSING = "processing", _("being prepared")
        READY = "ready", _("ready to download")
        DONE = "done", _("carried out")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # Whose data: the account of a person asking for themselves (`user`), or the address a
    # coordinator looked up (`email`, `user` left empty). An erasure clears both once carried out.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    archive = models.FileField(
        _("archive"), storage=private_storage, upload_to="privacy/", blank=True, max_length=200
    )
    archive_size = models.PositiveIntegerField(_("size"), default=0)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # What an erasure did, in counts per kind of record: never a name or an address.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["export", "erasure"]), name="data_request_kind_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "processing",
                        "ready",
                        "done",
                        "failed",
                        "expired",
                        "cancelled",
                    ]
                ),
                name="data_request_status_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["done", "cancelled"])
                | Q(user__isnull=False)
                | ~Q(email=""),
                name="data_request_names_its_subject",
            ),
            # One export in the works per account at a time: a second click finds the first.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="export", status__in=["pending", "processing"]),
                name="data_request_one_export_in_progress_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="data_request_expiry")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_downloadable(self):
        return (
            self.kind == self.Kind.EXPORT
            and self.status == self.Status.READY
            and bool(self.archive)
            and (self.expires_at is None or self.expires_at > timezone.now())
        )
