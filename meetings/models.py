"""Meetings of the Member Assembly and the Council: notice, agenda, attendance and proxies, the
quorum at each vote, and minutes approved at the next meeting."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        EXTRAORDINARY = "extraordinary", _("extraordinary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONVENED = "convened", _("convened")
        IN_SESSION = "in_session", _("in session")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        "resolutions.GoverningBody",
        verbose_name=_("governing body"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    # Numbered per body and year when the notice goes out: "3/2026".
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    chair = models.ForeignKey(
        "members.Person",
        verbose_name=_("chair of the meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        "members.Person",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="meeting_number_unique_per_body_and_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "cancelled"])
                | Q(number__isnull=False, year__isnull=False),
                name="meeting_numbered_once_convened",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="meeting_has_place_or_link",
                violation_error_message=_("Give the place, the online link, or both."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ordinary", "extraordinary"]),
                name="meeting_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "convened", "in_session", "closed", "cancelled"]),
                name="meeting_status_is_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_status_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def number_display(self):
        return f"{self.number}/{self.year}" if self.number is not None else ""


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        RESOLUTIONS = "resolutions", _("draft resolutions")
        REPORT = "report", _("report")
        ELECTION = "election", _("election")
        MINUTES = "minutes", _("approval of the minutes")
        OTHER = "other", _("any other business")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    resolutions = models.ManyToManyField(
        "resolutions.Resolution",
        verbose_name=_("draft resolutions"),
        related_name="agenda_items",
        blank=True,
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    # The earlier meeting whose minutes this item approves.
    minutes_of = models.ForeignKey(
        Meeting,
        verbose_name=_("minutes of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes for the minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="agenda_item_order_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["resolutions", "report", "election", "minutes", "other"]),
                name="agenda_item_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="election") | Q(election__isnull=False),
                name="agenda_item_election_named",
                violation_error_message=_("Choose the election held under this item."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="minutes") | Q(minutes_of__isnull=False),
                name="agenda_item_minutes_named",
                violation_error_message=_("Choose the meeting whose minutes are approved."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="meetings/", max_length=200
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class MeetingNotice(models.Model):
    """That the notice, the reminder or the cancellation of a meeting went to one person: each
    goes once."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("notice")
        REMINDER = "reminder", _("reminder")
        CANCELLATION = "cancellation", _("cancellation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    email = models.ForeignKey(
        "core.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"], name="meeting_notice_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.kind} {self.person_id}"


class MeetingProxy(TimeStampedModel):
    """A member's vote at a meeting handed to another person with a signed proxy document.

    The body's rules say whether the holder may be another member's representative and how many
    proxies one person may hold. Withdrawn until the holder is checked in with it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member represented"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        "members.Person", verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        "members.Person",
        verbose_name=_("proxy holder"),
        on_delete=models.PROTECT,
        related_name="meeting_proxies_held",
    )
    document = models.FileField(
        _("proxy document"), storage=private_storage, upload_to="meeting-proxies/", max_length=200
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="meeting_proxy_one_active_per_member",
                violation_error_message=_("This member has already given a proxy for the meeting."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(used_at__isnull=True),
                name="meeting_proxy_withdrawn_only_unused",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.holder}"


class Attendance(models.Model):
    """A person present at a meeting, in the room or online, checked in once."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    # The member whose vote the person casts as its representative, if any.
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("present"), max_length=10, choices=Mode.choices)
    checked_in_at = models.DateTimeField(_("checked in"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_person",
                violation_error_message=_("This person is already checked in."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["in_person", "online"]), name="attendance_mode_is_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.meeting_id}"


class QuorumRecord(models.Model):
    """The quorum as it stood when a vote was taken at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="quorum_records")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    election = models.ForeignKey(
        "elections.Election", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eligible = models.PositiveIntegerField(_("eligible"))
    present = models.PositiveIntegerField(_("present in person or online"))
    by_proxy = models.PositiveIntegerField(_("represented by proxy"))
    required = models.PositiveIntegerField(_("quorum required"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("quorum record")
        verbose_name_plural = _("quorum records")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.present + self.by_proxy}/{self.eligible}"

    @property
    def reached(self):
        return self.present + self.by_proxy >= self.required


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(_("minutes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="minutes/", blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published to members"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved"]), name="minutes_status_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False),
                name="minutes_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="approved"),
                name="minutes_published_once_approved",
            ),
        ]

    def __str__(self):
        return str(self.meeting)
