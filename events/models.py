"""Events the cluster runs, the people registered for them and the documents rendered for them."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Event(TimeStampedModel):
    """A seminar, workshop, mission, meeting or webinar that people register for."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("seminar")
        CONFERENCE = "conference", _("conference")
        WORKSHOP = "workshop", _("workshop")
        TRAINING = "training", _("training")
        MISSION = "mission", _("trade mission")
        GOOD_PRACTICES = "good_practices", _("good-practice meeting")
        WEBINAR = "webinar", _("webinar")
        STRATEGY_MEETING = "strategy_meeting", _("strategy meeting")
        INTEGRATION_MEETING = "integration_meeting", _("integration meeting")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("open to the public")
        MEMBERS = "members", _("members only")
        ACTION_GROUP = "action_group", _("one action group")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    programme = models.TextField(_("programme"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("Name and address of the place.")
    )
    host_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        help_text=_("The member organisation that hosts the event, e.g. a good-practice visit."),
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, further registrations join a waiting list."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    action_group = models.ForeignKey(
        "members.ActionGroup",
        verbose_name=_("action group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    per_organisation_limit = models.PositiveSmallIntegerField(
        _("limit per organisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many people one organisation may register; empty for no limit."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The number given to the latest registration; taken while the event row is locked, so it
    # records the order in which registrations obtained the lock.
    last_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(audience="action_group", action_group__isnull=False)
                    | (~models.Q(audience="action_group") & models.Q(action_group__isnull=True))
                ),
                name="event_action_group_iff_group_audience",
                violation_error_message=_(
                    "Choose an action group exactly when the event is for one action group."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message=_("The capacity must be at least one seat."),
            ),
            models.CheckConstraint(
                condition=models.Q(per_organisation_limit__isnull=True)
                | models.Q(per_organisation_limit__gt=0),
                name="event_per_organisation_limit_positive",
                violation_error_message=_("The limit per organisation must be at least one."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # The public lists: what is still to come (by its end), and the archive by its start.
            models.Index(
                fields=["ends_at"],
                name="event_public_by_end",
                condition=models.Q(status__in=["published", "cancelled"], audience="public"),
            ),
            models.Index(
                fields=["-starts_at", "-id"],
                name="event_public_by_start",
                condition=models.Q(status__in=["published", "cancelled"], audience="public"),
            ),
            # The panel's list of every event, newest first, read a page at a time.
            models.Index(fields=["starts_at", "id"], name="event_by_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_public(self):
        return self.audience == self.Audience.PUBLIC

    @property
    def is_past(self):
        return self.ends_at < timezone.now()


class EventQuestion(models.Model):
    """An extra question asked when registering, such as dietary needs or photo consent."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        YES_NO = "yes_no", _("yes or no")
        CHOICE = "choice", _("choice")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answer type"), max_length=16, choices=Kind.choices)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For a choice: one option per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def option_list(self):
        """The options in the current language; answers store an option's position."""
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Registration(TimeStampedModel):
    """One person's place at an event, or on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("did not come")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    # Arrival order: the number taken from the event while its row was locked.
    sequence = models.PositiveIntegerField(_("number"), editable=False)
    # The database's statement time, read while holding the lock, so it follows `sequence`.
    registered_at = models.DateTimeField(_("registered"), db_default=Now(), editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    # Who came is kept as registered, even if the registry entry changes or goes later.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the e-mail answering the registration (a seat or the waiting list) was claimed for
    # sending by the task that renders it after the registration committed: it goes out once.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "sequence"], name="registration_sequence_unique_per_event"
            ),
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message=_("This person is already registered for the event."),
            ),
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=models.Q(person__isnull=False) & ~models.Q(status="cancelled"),
                name="registration_one_active_per_person",
                violation_error_message=_("This person is already registered for the event."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "sequence"])]

    def __str__(self):
        return f"{self.full_name} · {self.event}"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(24)


# Registrations that hold a seat: attendance is marked on confirmed registrations.
SEAT_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.ATTENDED,
    Registration.Status.NO_SHOW,
)


class EventDocument(TimeStampedModel):
    """A PDF rendered by a Celery task: the attendance list or one person's certificate."""

    class Kind(models.TextChoices):
        ATTENDANCE_LIST = "attendance_list", _("attendance list")
        CERTIFICATE = "certificate", _("certificate of attendance")

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        RENDERING = "rendering", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=Kind.choices)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # Kept in the database, not under MEDIA_ROOT: uploaded media are served publicly, and these
    # documents carry names of people.
    content = models.BinaryField(editable=False, null=True)
    rendered_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="certificate", registration__isnull=False)
                | models.Q(kind="attendance_list", registration__isnull=True),
                name="event_document_certificate_has_registration",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="certificate"),
                name="event_document_one_certificate_per_registration",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.event}"

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def filename(self):
        if self.kind == self.Kind.CERTIFICATE:
            return f"certificate-{self.event.slug}-{self.registration_id}.pdf"
        return f"attendance-list-{self.event.slug}-{self.pk}.pdf"
