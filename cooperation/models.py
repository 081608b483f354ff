"""Members working together: the board of offers and requests, the contacts it starts, joint
purchases, and who is told of new posts that fit their organisation."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage

# The languages a post may say its organisation works in: the portal's five and the neighbours'
# (codes of django.conf.locale, whose names Django translates).
WORKING_LANGUAGES = ("pl", "en", "de", "fr", "ru", "uk", "cs", "sk", "lt", "it", "es", "sv", "da")


class PostQuerySet(models.QuerySet):
    def on_board(self):
        """Posts members can see now: published and not yet expired."""
        return self.filter(status=Post.Status.PUBLISHED)

    def public(self):
        return self.on_board().filter(visibility=Post.Visibility.PUBLIC)


class Post(TimeStampedModel):
    """An organisation's offer, request, call for partners or joint purchase on the board."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("offer")
        REQUEST = "request", _("request")
        CALL_FOR_PARTNERS = "call_for_partners", _("call for partners")
        JOINT_PURCHASE = "joint_purchase", _("joint purchase")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        PUBLISHED = "published", _("published")
        HIDDEN = "hidden", _("hidden by the coordinator")
        FULFILLED = "fulfilled", _("fulfilled")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("members only")
        PUBLIC = "public", _("members and the public")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cooperation_posts",
    )
    author = models.ForeignKey(
        "members.Person",
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_person = models.ForeignKey(
        "members.Person",
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="cooperation_posts_to_answer",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    competences = models.ManyToManyField(
        "members.Competence", verbose_name=_("competences"), related_name="posts", blank=True
    )
    sectors = models.ManyToManyField(
        "members.Sector", verbose_name=_("sectors"), related_name="posts", blank=True
    )
    # Codes from settings.LANGUAGES, plus others a member works in ("it", "uk"): a short list.
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    valid_until = models.DateField(_("valid until"))
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    funding_call = models.CharField(
        _("funding call"),
        max_length=200,
        blank=True,
        help_text=_("The programme and call the partners are sought for."),
    )
    purchase_unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example “licence”, “t”, “pcs”.")
    )
    purchase_target_quantity = models.DecimalField(
        _("quantity sought"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["offer", "request", "call_for_partners", "joint_purchase"]),
                name="post_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "published",
                        "hidden",
                        "fulfilled",
                        "expired",
                        "withdrawn",
                    ]
                ),
                name="post_status_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["members", "public"]),
                name="post_visibility_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(published_at__isnull=False),
                name="post_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="call_for_partners") | ~Q(funding_call=""),
                name="post_call_for_partners_names_call",
                violation_error_message=_("Name the funding call the partners are sought for."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="joint_purchase") | ~Q(purchase_unit=""),
                name="post_joint_purchase_has_unit",
                violation_error_message=_("Give the unit members commit quantities in."),
            ),
            models.CheckConstraint(
                condition=Q(purchase_target_quantity__isnull=True)
                | Q(purchase_target_quantity__gt=0),
                name="post_purchase_target_positive",
                violation_error_message=_("The quantity sought must be greater than zero."),
            ),
        ]
        indexes = [
            # The board: published posts, newest first, by visibility.
            models.Index(
                fields=["visibility", "-published_at", "-id"],
                condition=Q(status="published"),
                name="post_board_order",
            ),
            # The members' board (both visibilities), newest first: read in order, twenty at a time.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="post_board_newest",
            ),
            # The beat job that takes expired posts off the board.
            models.Index(
                fields=["valid_until"], condition=Q(status="published"), name="post_expiry"
            ),
            models.Index(fields=["organisation", "status"], name="post_organisation_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:detail", kwargs={"pk": self.pk})

    @property
    def is_joint_purchase(self):
        return self.kind == self.Kind.JOINT_PURCHASE


class PostAttachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="cooperation/", max_length=200
    )
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class Contact(TimeStampedModel):
    """An interested person's conversation with the organisation behind a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("interested organisation"),
        on_delete=models.PROTECT,
        related_name="cooperation_contacts",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("interested person"),
        on_delete=models.PROTECT,
        related_name="cooperation_contacts",
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "person"],
                name="contact_once_per_post_and_person",
                violation_error_message=_("You are already in touch about this post."),
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.post}"


class ContactMessage(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        "members.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "id"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class PurchaseCommitment(TimeStampedModel):
    """One organisation's quantity in a joint purchase."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="purchase_commitments",
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("committed by"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("joint purchase commitment")
        verbose_name_plural = _("joint purchase commitments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "organisation"],
                name="commitment_once_per_organisation",
                violation_error_message=_("Your organisation has already joined this purchase."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="commitment_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.quantity}"


class MatchSubscription(TimeStampedModel):
    """Whether a person wants to hear of new posts that fit their organisation, and how often."""

    class Frequency(models.TextChoices):
        NEVER = "never", _("never")
        WEEKLY = "weekly", _("in a weekly digest")
        IMMEDIATE = "immediate", _("at once")

    person = models.OneToOneField(
        "members.Person", on_delete=models.CASCADE, related_name="match_subscription"
    )
    frequency = models.CharField(
        _("new posts that fit my organisation"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.NEVER,
    )
    # The one-click unsubscribe link's secret; it names nobody.
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("matching subscription")
        verbose_name_plural = _("matching subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=["never", "weekly", "immediate"]),
                name="match_subscription_frequency_is_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.frequency}"


class MatchNotice(models.Model):
    """The record that a person was told of matching posts: a week's digest or one post at once.

    Written in the same transaction as the e-mail it queues, so a worker that dies half-way leaves
    neither, and a second run finds the row and sends nothing twice.
    """

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    # The Monday of the digest's week; empty for a single post sent at once.
    week = models.DateField(null=True, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    posts = models.ManyToManyField(Post, related_name="+", blank=True)
    email = models.ForeignKey(
        "core.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matching notice")
        verbose_name_plural = _("matching notices")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week"],
                condition=Q(week__isnull=False),
                name="match_digest_once_per_person_and_week",
            ),
            models.UniqueConstraint(
                fields=["person", "post"],
                condition=Q(post__isnull=False),
                name="match_notice_once_per_person_and_post",
            ),
            models.CheckConstraint(
                condition=Q(week__isnull=True, post__isnull=False)
                | Q(week__isnull=False, post__isnull=True),
                name="match_notice_is_digest_or_single",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.week or self.post_id}"


class BoardSettings(models.Model):
    """The coordinator's rules for the board: one row."""

    require_approval = models.BooleanField(
        _("posts need the coordinator's approval before publication"), default=False
    )
    max_contacts_per_day = models.PositiveSmallIntegerField(
        _("“I'm interested” messages a person may send a day"), default=20
    )

    class Meta:
        verbose_name = _("board settings")
        verbose_name_plural = _("board settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="board_settings_single_row")]

    def __str__(self):
        return str(self._meta.verbose_name)
