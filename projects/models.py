"""Projects and consortia: funding calls, members' project ideas, and the register of projects the
cluster prepares, submits and runs with its members and outside partners."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class FundingCall(TimeStampedModel):
    """A call for proposals of a funding programme, with the deadline members work towards."""

    programme = models.CharField(
        _("programme"), max_length=200, help_text=_("For example “Horizon Europe” or “FENG”.")
    )
    name = models.CharField(_("call"), max_length=300)
    identifier = models.CharField(_("call identifier"), max_length=100, blank=True)
    url = models.URLField(_("call's page"), blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["deadline"], name="funding_call_deadline")]

    def __str__(self):
        return f"{self.programme}: {self.name}"


class ProjectIdea(TimeStampedModel):
    """A member's proposal of a project, as collected at a strategy workshop."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("turned into a project")
        DECLINED = "declined", _("declined")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_ideas",
    )
    submitted_by = models.ForeignKey(
        "members.Person",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    call = models.ForeignKey(
        FundingCall,
        verbose_name=_("funding call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    partners_sought = models.TextField(_("partners sought"), blank=True)
    estimated_budget = models.DecimalField(
        _("estimated budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_note = models.TextField(_("coordinator's note"), blank=True)

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "accepted", "declined"]),
                name="project_idea_status_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(estimated_budget__isnull=True) | Q(estimated_budget__gte=0),
                name="project_idea_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title


class ProjectQuerySet(models.QuerySet):
    def public(self):
        """Projects anyone may see: granted, running or closed after running."""
        return self.filter(status__in=Project.PUBLIC_STATUSES)


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        CONSORTIUM = "consortium", _("building a consortium")
        SUBMITTED = "submitted", _("submitted")
        GRANTED = "granted", _("granted")
        REJECTED = "rejected", _("rejected")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    class ClusterRole(models.TextChoices):
        LEAD = "lead", _("lead partner")
        PARTNER = "partner", _("partner")
        ASSOCIATED = "associated", _("associated partner")
        SUPPORT = "support", _("supports its members")

    PUBLIC_STATUSES = ("granted", "running", "closed")

    programme = models.CharField(_("programme"), max_length=200)
    call = models.ForeignKey(
        FundingCall,
        verbose_name=_("funding call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    acronym = models.CharField(_("acronym"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    cluster_role = models.CharField(
        _("the cluster's role"), max_length=12, choices=ClusterRole.choices
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    budget = models.DecimalField(
        _("total budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cofinancing = models.DecimalField(
        _("co-financing"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    idea = models.OneToOneField(
        ProjectIdea,
        verbose_name=_("from the idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
    )
    plan_items = models.ManyToManyField(
        "resolutions.PlanItem",
        verbose_name=_("operational-plan items"),
        related_name="projects",
        blank=True,
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "acronym", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "idea",
                        "consortium",
                        "submitted",
                        "granted",
                        "rejected",
                        "running",
                        "closed",
                    ]
                ),
                name="project_status_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(cluster_role__in=["lead", "partner", "associated", "support"]),
                name="project_cluster_role_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing__isnull=True) | Q(cofinancing__gte=0),
                name="project_cofinancing_not_negative",
                violation_error_message=_("The co-financing cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing__isnull=True)
                | Q(budget__isnull=True)
                | Q(cofinancing__lte=F("budget")),
                name="project_cofinancing_within_budget",
                violation_error_message=_("The co-financing cannot exceed the budget."),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="project_currency_is_iso_code",
                violation_error_message=_("Give the currency as a three-letter code, e.g. PLN."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-starts_on"], name="project_status_start")]

    def __str__(self):
        return f"{self.acronym}: {self.title}"

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES


class ProjectPartner(models.Model):
    """A member organisation or an outside one in a project's consortium."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead partner")
        PARTNER = "partner", _("partner")
        ASSOCIATED = "associated", _("associated partner")
        SUBCONTRACTOR = "subcontractor", _("subcontractor")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    outside_name = models.CharField(_("outside organisation"), max_length=255, blank=True)
    outside_country = models.CharField(_("country"), max_length=2, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    budget_share = models.DecimalField(
        _("budget share"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, outside_name="")
                | Q(organisation__isnull=True) & ~Q(outside_name=""),
                name="project_partner_member_or_outside",
                violation_error_message=_(
                    "Choose a member organisation or name an outside one, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "partner", "associated", "subcontractor"]),
                name="project_partner_role_is_valid",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead"),
                name="project_has_one_lead_partner",
                violation_error_message=_("The project already has a lead partner."),
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(organisation__isnull=False),
                name="project_partner_member_once",
                violation_error_message=_("This member is already a partner in the project."),
            ),
            models.CheckConstraint(
                condition=Q(budget_share__isnull=True) | Q(budget_share__gte=0),
                name="project_partner_share_not_negative",
                violation_error_message=_("The budget share cannot be negative."),
            ),
        ]

    def __str__(self):
        return str(self.organisation) if self.organisation_id else self.outside_name

    @property
    def outside_country_name(self):
        """The outside organisation's country in the reader's language."""
        from django_countries import countries

        return countries.name(self.outside_country) or self.outside_country


class ProjectDocument(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="projects/", max_length=200
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class CallReminder(models.Model):
    """That the reminder `days_before` a call's deadline went out: each is sent once."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "days_before"], name="call_reminder_once_per_call_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.call}: {self.days_before}"
