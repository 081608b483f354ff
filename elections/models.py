"""Elections by a governing body: the Member Assembly elects the Council, the Council its chair.

Nominations need the candidate's consent. A voter marks up to as many candidates as there are
seats, in a secret electronic ballot (participation recorded apart from the marks, which name no
voter) or on paper, whose totals the clerk enters at the meeting. A tie for the last seat is
resolved by a run-off: a new election of the tied candidates for the seats still open.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class Election(TimeStampedModel):
    class Target(models.TextChoices):
        COUNCIL = "council", _("seats on the Cluster Council")
        CHAIR = "chair", _("the chair of the Council")

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("secret electronic ballot")
        PAPER = "paper", _("paper ballot at the meeting")

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("nominations open")
        VOTING = "voting", _("voting open")
        TIED = "tied", _("tied: a run-off decides")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        "resolutions.GoverningBody",
        verbose_name=_("electing body"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    title = models.CharField(_("title"), max_length=300)
    target = models.CharField(_("what is elected"), max_length=12, choices=Target.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"))
    method = models.CharField(
        _("how it is voted"), max_length=12, choices=Method.choices, default=Method.ELECTRONIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING
    )
    nominations_close_at = models.DateTimeField(_("nominations close"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    # A run-off repeats an election for the seats its tie left open, among the tied candidates.
    runoff_of = models.ForeignKey(
        "self",
        verbose_name=_("run-off of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    eligible_count = models.PositiveIntegerField(_("eligible voters"), default=0)
    participant_count = models.PositiveIntegerField(_("took part"), default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results_pdf = models.FileField(
        _("results PDF"),
        storage=private_storage,
        upload_to="elections/",
        blank=True,
        max_length=200,
    )
    results_pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # Set by the task that tells the voters, so each message goes out once.
    opening_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="election_has_a_seat",
                violation_error_message=_("An election is for at least one seat."),
            ),
            models.CheckConstraint(
                condition=~Q(target="chair") | Q(seats=1),
                name="election_of_chair_has_one_seat",
                violation_error_message=_("The chair is one seat."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")),
                name="election_term_ends_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(target__in=["council", "chair"]), name="election_target_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=["electronic", "paper"]), name="election_method_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["nominating", "voting", "tied", "closed", "cancelled"]),
                name="election_status_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(voting_opens_at__isnull=True)
                | Q(voting_closes_at__isnull=True)
                | Q(voting_closes_at__gt=F("voting_opens_at")),
                name="election_window_closes_after_opening",
                violation_error_message=_("Voting must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("elections:detail", kwargs={"pk": self.pk})


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        "members.Person", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        "members.Person",
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    statement = models.TextField(_("candidate's statement"), blank=True)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    # The count: from the electronic marks when the vote closes, or the paper totals entered.
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)
    # The secret of the link the candidate follows to consent; it names nobody.
    consent_token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                name="candidate_once_per_election",
                violation_error_message=_("This person is already a candidate."),
            ),
            models.CheckConstraint(
                condition=Q(consented_at__isnull=True) | Q(declined_at__isnull=True),
                name="candidate_consents_or_declines",
            ),
            models.CheckConstraint(
                condition=~Q(elected=True) | Q(consented_at__isnull=False),
                name="candidate_elected_only_with_consent",
            ),
        ]

    def __str__(self):
        return str(self.person)


class ElectionVoter(models.Model):
    """One vote in an election, from the snapshot of the electorate taken when voting opened."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who casts this vote instead, under a proxy (resolutions' proxy rules of the body).
    proxy = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)
    voted_by = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="election_voter_once"),
            models.UniqueConstraint(
                fields=["election", "organisation"],
                condition=Q(organisation__isnull=False),
                name="election_one_vote_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.election_id})"


class BallotMark(models.Model):
    """One candidate marked on one secret ballot: no voter, no time, a random key.

    A ballot with no mark (a blank ballot) leaves only its participation in ElectionVoter.
    """

    id = models.CharField(primary_key=True, max_length=32)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")

    def __str__(self):
        return self.id
