"""Questionnaires the coordinator sends to members' representatives, and their responses.

One response per organisation (a database constraint), saved as a draft on the way and editable
until the close. An anonymous survey keeps no link between a response and its organisation: its
submitted responses have no organisation, no time and a random key, and who has responded is
recorded in `Recipient`, which does not point at the response (see the README, "Surveys").
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

TEXT_ANSWER_MAX = 5000
SCALE_MAX_POINTS = 11


class Survey(TimeStampedModel):
    """A questionnaire: built in the panel, then sent, answered between its open and close."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SENT = "sent", _("sent")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Responses keep no link to their organisation; only who has responded is recorded."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the close"),
        default=3,
        help_text=_("Representatives who have not submitted get a reminder this many days before."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("The survey must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sent"]), name="survey_status_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False),
                name="survey_sent_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, *, now=None):
        now = now or timezone.now()
        return self.status == self.Status.SENT and self.opens_at <= now < self.closes_at

    def is_closed(self, *, now=None):
        return (now or timezone.now()) >= self.closes_at


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        NUMBER = "number", _("number")
        TEXT = "text", _("text")

    CHOICE_KINDS = ("single", "multiple")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest point"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label of the highest point"), max_length=80, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # A short, stable name for the column of an export and for the reports (e.g. "employees").
    code = models.SlugField(_("code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["single", "multiple", "scale", "number", "text"]),
                name="question_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="scale")
                | Q(
                    scale_min__isnull=False,
                    scale_max__isnull=False,
                    scale_max__gt=models.F("scale_min"),
                ),
                name="question_scale_has_bounds",
                violation_error_message=_("A scale needs a lowest and a higher highest point."),
            ),
            models.CheckConstraint(
                condition=Q(number_min__isnull=True)
                | Q(number_max__isnull=True)
                | Q(number_max__gte=models.F("number_min")),
                name="question_number_bounds_in_order",
                violation_error_message=_("The largest number cannot be below the smallest."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_options(self):
        return self.kind in self.CHOICE_KINDS

    def scale_points(self):
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class Recipient(models.Model):
    """An organisation the survey is for: whether it has responded, and the lock its people share.

    It never points at the response: for an anonymous survey this table says who has responded,
    and nothing joins it to what they answered.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="recipients"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="survey_recipients",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_recipient_unique"
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.organisation}"


class Response(models.Model):
    """One organisation's answers: a draft, then submitted.

    The key is random, so the order of responses tells nothing. A named response keeps its
    organisation and times. An anonymous survey's draft is linked to its organisation until it is
    submitted; submitting writes a new row without organisation, person or time, and deletes the
    draft.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    # The member's type when it responded, for results by type (kept on anonymous responses too:
    # the results page hides groups smaller than the anonymity threshold).
    member_kind = models.CharField(_("type of member"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            # One response per organisation; NULLs (anonymous responses) are distinct.
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_response_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]), name="response_status_is_valid"
            ),
            # A draft always belongs to an organisation; only submitted responses are anonymous.
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(organisation__isnull=False),
                name="response_draft_has_organisation",
            ),
            # An anonymous response carries no time that could be matched with its recipient's.
            models.CheckConstraint(
                condition=Q(organisation__isnull=False)
                | Q(submitted_at__isnull=True, updated_at__isnull=True),
                name="response_anonymous_has_no_time",
            ),
        ]

    def __str__(self):
        return str(self.survey)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    options = models.ManyToManyField(
        Option, verbose_name=_("options"), related_name="answers", blank=True
    )
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), max_length=TEXT_ANSWER_MAX, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_one_answer_per_question"
            ),
        ]

    def __str__(self):
        return str(self.question)


class Notice(models.Model):
    """The outbox of invitations and reminders: one per survey, organisation and kind, sent once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        REMINDER = "reminder", _("reminder")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="notices"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("e-mails"), default=0)

    class Meta:
        verbose_name = _("survey notice")
        verbose_name_plural = _("survey notices")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation", "kind"], name="survey_notice_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["invitation", "reminder"]), name="survey_notice_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.organisation} ({self.kind})"
