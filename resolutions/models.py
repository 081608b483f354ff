"""Governance: governing bodies, resolutions and their votes, the strategy and operational plans.

Who voted is kept apart from what was chosen, as OpenSlides' vote service does: each vote cast
leaves a `VoteCast` row for the eligible voter (when, and by whom for a proxy), and the choice
goes into a ballot box in the same transaction. In a named vote the box is `Ballot`, one row per
voter that names them. In a secret vote it is `SecretBallot`, rows holding only the resolution and
the choice, from the first ballot on: no table ever links a secret choice to its voter, so a
secret ballot cannot be changed once cast.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel
from core.storage import private_storage


class Majority(models.TextChoices):
    SIMPLE = "simple", _("simple majority (more for than against)")
    ABSOLUTE = "absolute", _("absolute majority (more than half)")
    QUALIFIED = "qualified", _("qualified majority (two thirds)")


class MajorityBase(models.TextChoices):
    CAST = "cast", _("of the votes cast")
    ELIGIBLE = "eligible", _("of all eligible voters")


class VotingRules(models.Model):
    """Quorum and majority, held by a body as its default and by each resolution as applied."""

    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=50,
        help_text=_("The share of eligible voters who must take part for the vote to be valid."),
    )
    majority = models.CharField(
        _("majority"), max_length=16, choices=Majority.choices, default=Majority.SIMPLE
    )
    majority_base = models.CharField(
        _("counted against"), max_length=16, choices=MajorityBase.choices, default=MajorityBase.CAST
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100),
                name="%(app_label)s_%(class)s_quorum_at_most_100",
                violation_error_message=_("The quorum cannot exceed 100 per cent."),
            ),
        ]

    @property
    def rules(self):
        from .rules import Rules

        return Rules(
            quorum_percent=self.quorum_percent,
            majority=self.majority,
            majority_base=self.majority_base,
        )


class GoverningBody(VotingRules, TimeStampedModel):
    """A body that adopts resolutions: the Member Assembly, the Council, a management unit..."""

    class Electorate(models.TextChoices):
        MEMBERS = "members", _("one vote per active member, cast by its primary representative")
        COUNCIL = "council", _("the council members in office")
        APPOINTED = "appointed", _("the people appointed to the body")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    electorate = models.CharField(_("who votes"), max_length=16, choices=Electorate.choices)
    appointed_people = models.ManyToManyField(
        "members.Person",
        verbose_name=_("appointed people"),
        related_name="governing_bodies",
        blank=True,
        help_text=_("Only for a body whose voters are the people appointed to it."),
    )
    # The name resolutions carry in their title: "Resolution no. 3/2026 of the Cluster Council".
    name_genitive = models.CharField(
        _("name in resolution titles"),
        max_length=150,
        blank=True,
        help_text=_("As in “Resolution no. 3/2026 of …”; the name is used when left empty."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The statute's rules for the body's meetings and proxies (issue 16).
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=14,
        help_text=_("How many days before a meeting the notice must reach everyone entitled."),
    )
    proxies_to_other_members = models.BooleanField(
        _("a proxy may name another member's representative"),
        default=False,
        help_text=_("Otherwise only a person of the member's own organisation."),
    )
    max_proxies_per_person = models.PositiveSmallIntegerField(
        _("proxies one person may hold"), default=1
    )
    # A statute may take the vote from members behind with their fees (issue 17); off when empty.
    arrears_days_without_vote = models.PositiveSmallIntegerField(
        _("no vote after days in arrears"),
        null=True,
        blank=True,
        help_text=_(
            "Members with a fee overdue for more than this many days are left out of the "
            "electorate of this body's votes. Leave empty to let every member vote."
        ),
    )

    class Meta(VotingRules.Meta):
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def title_name(self):
        return self.name_genitive or self.name


class ResolutionQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Resolution.Status.DRAFT)


class Resolution(VotingRules, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("voting open")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", pgettext_lazy("resolution outcome", "rejected")
        INVALID = "invalid", _("invalid: no quorum")

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("electronic vote")
        MEETING = "meeting", _("vote at a meeting")

    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("governing body"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the register to everyone.")
    )
    is_secret = models.BooleanField(
        _("secret vote"),
        default=False,
        help_text=_(
            "Only who took part is kept, never who chose what; a ballot, once cast, is final."
        ),
    )
    method = models.CharField(
        _("how it is voted"), max_length=16, choices=Method.choices, default=Method.ELECTRONIC
    )
    voting_opens_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    eligible_count = models.PositiveIntegerField(_("eligible voters"), default=0)
    participant_count = models.PositiveIntegerField(_("took part"), default=0)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstained"), default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Each message goes out once: the task that sends it claims the resolution by setting these.
    opening_notified_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    outcome_notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="resolutions/", blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta(VotingRules.Meta):
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            *VotingRules.Meta.constraints,
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="resolution_number_unique_per_body_and_year",
                violation_error_message=_("This body already has a resolution with this number."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, year__isnull=False),
                name="resolution_numbered_once_voted",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="resolution_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(voting_opens_at__isnull=True)
                | Q(voting_closes_at__isnull=True)
                | Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="resolution_window_closes_after_opening",
                violation_error_message=_("Voting must close after it opens."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "voting_closes_at"]),
            # The register: numbered resolutions, newest first, read a page at a time.
            models.Index(
                fields=["-year", "-number", "-created_at"],
                name="resolution_register_order",
                condition=~Q(status="draft"),
            ),
            # The public register: how many resolutions a visitor sees and the years to filter
            # them by, both read from this index alone.
            models.Index(
                fields=["-year"],
                name="resolution_public_by_year",
                condition=Q(is_public=True) & ~Q(status="draft"),
            ),
        ]

    def __str__(self):
        if self.number is None:
            return str(_("Draft resolution: %(title)s") % {"title": self.title})
        return str(
            # Translators: body is the body's name as resolution titles use it, e.g. "Rady Klastra".
            _("Resolution no. %(number)s of the %(body)s: %(title)s")
            % {"number": self.number_display, "body": self.body.title_name, "title": self.title}
        )

    def get_absolute_url(self):
        return reverse("resolutions:detail", kwargs={"pk": self.pk})

    @property
    def decided_on(self):
        """The date of the resolution: the meeting's, or the day an electronic vote closed."""
        if self.meeting_date:
            return self.meeting_date
        return timezone.localdate(self.closed_at) if self.closed_at else None

    @property
    def number_display(self):
        return f"{self.number}/{self.year}" if self.number is not None else ""

    @property
    def votes_cast(self):
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def outcome_explained(self):
        """The quorum required and reached, the majority rule and whether it was met, in words."""
        from .rules import outcome_explained

        return outcome_explained(self)


class ResolutionAttachment(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="resolution-attachments/", max_length=200
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class EligibleVoter(models.Model):
    """One vote in one resolution, as the snapshot taken when voting opened decided.

    `person` is entitled to the vote; for a member it is the primary representative, who may hand
    it to `proxy`, a person of the same organisation, with a signed proxy document.
    """

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="eligible_voters"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proxy = models.ForeignKey(
        "members.Person",
        verbose_name=_("proxy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proxy_document = models.FileField(
        _("proxy document"),
        storage=private_storage,
        upload_to="proxies/",
        blank=True,
        max_length=200,
    )
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("eligible voter")
        verbose_name_plural = _("eligible voters")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "person"], name="eligible_voter_once_per_resolution"
            ),
            models.UniqueConstraint(
                fields=["resolution", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_vote_per_organisation_per_resolution",
            ),
            models.CheckConstraint(
                condition=Q(proxy__isnull=True) | ~Q(proxy_document=""),
                name="proxy_has_a_document",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.resolution_id})"

    @property
    def acting_person(self):
        return self.proxy or self.person


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


class VoteCast(models.Model):
    """That an eligible voter's vote was cast: when, and by whom. Never what was chosen.

    The voter is the primary key, so the database refuses a second vote for the same voter even
    if two requests get past the service's checks at once.
    """

    voter = models.OneToOneField(
        EligibleVoter,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="vote_cast",
        verbose_name=_("voter"),
    )
    # The voter themselves, or the proxy who held their vote. Empty only for the votes taken
    # before this record existed whose ballots had already been made anonymous.
    cast_by = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cast by"),
    )
    cast_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")

    def __str__(self):
        return f"{self.voter_id} @ {self.cast_at:%Y-%m-%d %H:%M}"


class Ballot(models.Model):
    """A named vote's ballot: the voter's current choice, one row per voter, changeable while
    the vote is open. A secret vote never has one."""

    voter = models.OneToOneField(
        EligibleVoter, on_delete=models.CASCADE, related_name="ballot", verbose_name=_("voter")
    )
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    cast_by = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("cast by")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(choice__in=Choice.values), name="ballot_choice_is_valid"
            ),
        ]

    def __str__(self):
        return f"{self.voter_id}: {self.choice}"


class SecretBallot(models.Model):
    """One choice in a secret vote's ballot box, with nothing that leads back to its voter.

    No voter, no time, a random id instead of a sequence; and each ballot cast rewrites the
    resolution's box in a new random order with new ids (services.ballot_cast), so neither the
    ids, nor the order of the rows, nor the transaction that wrote them tells which came last.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="secret_ballots"
    )
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(choice__in=Choice.values), name="secret_ballot_choice_is_valid"
            ),
        ]

    def __str__(self):
        return self.choice


class Strategy(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("from (year)"))
    period_end = models.PositiveSmallIntegerField(_("to (year)"))
    vision = models.TextField(_("vision"))
    adopted_by = models.ForeignKey(
        Resolution,
        verbose_name=_("adopted by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="strategy_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.period_start}–{self.period_end}"

    def get_absolute_url(self):
        return reverse("resolutions:strategy", kwargs={"pk": self.pk})


class StrategicGoal(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=16, help_text=_("For example “1” or “C2”."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "code"],
                name="goal_code_unique_per_strategy",
                violation_error_message=_("This strategy already has a goal with this code."),
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class OperationalPlan(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="plans"
    )
    period_start = models.PositiveSmallIntegerField(_("from (year)"))
    period_end = models.PositiveSmallIntegerField(_("to (year)"))
    adopted_by = models.ForeignKey(
        Resolution,
        verbose_name=_("adopted by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="plans/", blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pdf_generated_at = models.DateTimeField(_("PDF generated"), null=True, blank=True)

    class Meta:
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.period_start}–{self.period_end}"

    def get_absolute_url(self):
        return reverse("resolutions:plan", kwargs={"pk": self.pk})


class PlanItem(TimeStampedModel):
    class Owner(models.TextChoices):
        COORDINATOR = "coordinator", _("the coordinator")
        ACTION_GROUP = "action_group", _("an action group")
        MEMBER = "member", _("a member")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(OperationalPlan, on_delete=models.CASCADE, related_name="items")
    goal = models.ForeignKey(
        StrategicGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="plan_items"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_kind = models.CharField(
        _("owner"), max_length=16, choices=Owner.choices, default=Owner.COORDINATOR
    )
    owner_action_group = models.ForeignKey(
        "members.ActionGroup",
        verbose_name=_("action group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    budget = models.DecimalField(_("budget (PLN)"), max_digits=12, decimal_places=2, default=0)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    indicator_target = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator_actual = models.DecimalField(
        _("actual value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Where the actual value comes from: "" when the coordinator types it, else the key of a
    # source an app registers (resolutions/indicators.py), which fills it from the portal's data.
    indicator_source = models.CharField(_("value from"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    resolutions = models.ManyToManyField(
        Resolution, verbose_name=_("resolutions"), related_name="plan_items", blank=True
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), related_name="plan_items", blank=True
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["goal__order", "goal__code", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="plan_item_ends_after_start",
                violation_error_message=_("An item cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="plan_item_progress_at_most_100",
                violation_error_message=_("Progress cannot exceed 100 per cent."),
            ),
            models.CheckConstraint(
                condition=Q(owner_kind="coordinator")
                | Q(owner_kind="action_group", owner_action_group__isnull=False)
                | Q(owner_kind="member", owner_organisation__isnull=False),
                name="plan_item_owner_named",
                violation_error_message=_("Choose the action group or member that owns the item."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_display(self):
        if self.owner_kind == self.Owner.ACTION_GROUP:
            return str(self.owner_action_group)
        if self.owner_kind == self.Owner.MEMBER:
            return str(self.owner_organisation)
        return str(self.Owner.COORDINATOR.label)

    @property
    def indicator_source_label(self):
        """The label of the source the actual value comes from, "" when it is typed."""
        from .indicators import indicator_source_label

        return indicator_source_label(self.indicator_source)
