"""News articles, editable pages, and the newsletter: subscribers, campaigns and their outbox."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def translated_field_names(*fields):
    """Return the per-language column names of translated fields, Polish first."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Articles a visitor may read: published, or scheduled whose time has come."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=now,
        )


class Article(TimeStampedModel):
    """A news item in up to five languages; untranslated fields fall back to Polish."""

    class Category(models.TextChoices):
        CLUSTER = "cluster", _("cluster news")
        MEMBERS = "members", _("member news")
        EVENTS = "events", _("events")
        PROJECTS = "projects", _("projects")
        ANNOUNCEMENTS = "announcements", _("announcements")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The article's address, the same in every language."),
        error_messages={"unique": _("Another article already has this address.")},
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    # Stored sanitised by the service and sanitised again when shown.
    body = models.TextField(_("body"), blank=True)
    cover = models.ImageField(_("cover image"), upload_to="news/", blank=True)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.CLUSTER
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="articles", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="article_scheduled_or_published_has_time",
                violation_error_message=_("A scheduled or published article needs a time."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # Lists read the newest public articles first and stop after a page.
            models.Index(fields=["-published_at", "-id"], name="article_newest_first"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Page(TimeStampedModel):
    """A page of the cluster's site (about, coordinator, strategy, contact) in five languages."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        error_messages={"unique": _("Another page already has this address.")},
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})


class Topic(models.Model):
    """What a subscriber wants to hear about; the three topics come with the migrations."""

    GENERAL = "general"
    EVENTS = "events"
    MEMBERS = "members"

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Sent only to subscribers whose address belongs to a person at an active member.
    members_only = models.BooleanField(_("for members only"), default=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Subscriber(TimeStampedModel):
    """An address on the newsletter list, with the consent given and where it stands."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("bounced")

    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="subscribers", blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    consent_text = models.TextField(_("consent"), blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Opaque and random: it names the subscriber in links without revealing anything.
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique"),
        ]

    def __str__(self):
        return self.email


class Campaign(TimeStampedModel):
    """A newsletter issue: its text in each language, its audience and when it goes out."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("subscribers interested in"),
        related_name="campaigns",
        blank=True,
    )
    to_representatives = models.BooleanField(
        _("all representatives of members"),
        default=False,
        help_text=_("The primary representative and the other representatives of every member."),
    )
    action_groups = models.ManyToManyField(
        "members.ActionGroup",
        verbose_name=_("people of the action groups"),
        related_name="+",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("newsletter campaign")
        verbose_name_plural = _("newsletter campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(send_at__isnull=False),
                name="campaign_scheduled_has_time",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self):
        return self.status in {self.Status.DRAFT, self.Status.SCHEDULED}


class Delivery(models.Model):
    """One campaign mail to one address: the outbox row a worker claims, sends and marks.

    The message's Message-ID is fixed when the row is created, so a send repeated after a worker
    died between the SMTP reply and the status update carries the same Message-ID.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    token = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="delivery_once_per_address"),
        ]
        indexes = [models.Index(fields=["campaign", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.campaign_id} → {self.email}"
