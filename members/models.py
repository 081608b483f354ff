"""The member registry: organisations, their people, membership history and action groups."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.erasure import erased_person_label
from core.models import TimeStampedModel

from .validators import (
    format_nip,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", _("Lower Silesian")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("Kuyavian-Pomeranian")
    LUBELSKIE = "lubelskie", _("Lublin")
    LUBUSKIE = "lubuskie", _("Lubusz")
    LODZKIE = "lodzkie", _("Łódź")
    MALOPOLSKIE = "malopolskie", _("Lesser Poland")
    MAZOWIECKIE = "mazowieckie", _("Masovian")
    OPOLSKIE = "opolskie", _("Opole")
    PODKARPACKIE = "podkarpackie", _("Subcarpathian")
    PODLASKIE = "podlaskie", _("Podlaskie")
    POMORSKIE = "pomorskie", _("Pomeranian")
    SLASKIE = "slaskie", _("Silesian")
    SWIETOKRZYSKIE = "swietokrzyskie", _("Holy Cross")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("Warmian-Masurian")
    WIELKOPOLSKIE = "wielkopolskie", _("Greater Poland")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("West Pomeranian")


# Groups of an organisation's fields that forms, imports and the audit log name together.
ORGANISATION_IDENTITY_FIELDS = ["name", "short_name", "kind", "nip", "regon", "krs"]
ORGANISATION_CONTACT_FIELDS = [
    "street",
    "postal_code",
    "city",
    "voivodeship",
    "website",
    "email",
    "phone",
]
DESCRIPTION_FIELDS = [f"description_{code}" for code, _name in settings.LANGUAGES]
# What a coordinator edits of an organisation (its sectors aside) and of a person; the services
# take these values and record the changes to them.
ORGANISATION_FIELDS = [
    *ORGANISATION_IDENTITY_FIELDS,
    *ORGANISATION_CONTACT_FIELDS,
    "employee_range",
    "keywords",
    "logo",
    *DESCRIPTION_FIELDS,
]
PERSON_FIELDS = [
    "first_name",
    "last_name",
    "position",
    "email",
    "phone",
    "role",
    "is_public_contact",
    "language",
]


class Sector(models.Model):
    """An industry a member works in; coordinators edit the list."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Competence(models.Model):
    """A term of the coordinator's vocabulary for what members can do, where they sell and what
    they are certified for; members pick theirs and the board matches posts by them."""

    class Kind(models.TextChoices):
        COMPETENCE = "competence", _("competence")
        TECHNOLOGY = "technology", _("technology")
        MARKET = "market", _("market")
        CERTIFICATION = "certification", _("certification")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["competence", "technology", "market", "certification"]
                ),
                name="competence_kind_is_valid",
            ),
        ]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)


class Organisation(TimeStampedModel):
    """A company, university, institute or public body that is, was or wants to be a member."""

    class Kind(models.TextChoices):
        MICRO = "micro", _("micro enterprise")
        SMALL = "small", _("small enterprise")
        MEDIUM = "medium", _("medium enterprise")
        LARGE = "large", _("large enterprise")
        STARTUP = "startup", _("start-up")
        UNIVERSITY = "university", _("university")
        RESEARCH_INSTITUTE = "research", _("research institute")
        BUSINESS_SUPPORT = "business_support", _("business-support institution")
        PUBLIC_ADMINISTRATION = "public", _("public administration")
        NGO = "ngo", _("non-governmental organisation")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPELLED = "expelled", _("expelled")
        REJECTED = "rejected", _("rejected")

    class EmployeeRange(models.TextChoices):
        UP_TO_9 = "1-9", _("1–9 employees")
        UP_TO_49 = "10-49", _("10–49 employees")
        UP_TO_249 = "50-249", _("50–249 employees")
        FROM_250 = "250+", _("250 or more employees")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    nip = models.CharField(
        _("NIP"),
        max_length=10,
        unique=True,
        validators=[validate_nip],
        help_text=_("Tax identification number, 10 digits."),
        error_messages={"unique": _("An organisation with this NIP is already registered.")},
    )
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[validate_krs])
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=6, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100)
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    description = models.TextField(_("description"), blank=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), related_name="organisations", blank=True
    )
    employee_range = models.CharField(
        _("employees"), max_length=8, choices=EmployeeRange.choices, blank=True
    )
    employees = models.PositiveIntegerField(
        _("number of employees"),
        null=True,
        blank=True,
        help_text=_("For the cluster's statistics (ECCP, ESCA); the range is shown publicly."),
    )
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences"), related_name="organisations", blank=True
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Free keywords, separated by commas, for what the vocabulary does not name."),
    )

    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLICANT,
        db_index=True,
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    joined_on = models.DateField(
        _("joined on"),
        null=True,
        blank=True,
        help_text=_("Accession to the partnership agreement."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # The person who casts the organisation's vote in the Member Assembly.
    primary_representative = models.ForeignKey(
        "Person",
        verbose_name=_("primary representative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="active")
                | models.Q(primary_representative__isnull=False),
                name="active_member_has_primary_representative",
                violation_error_message=_("An active member needs a primary representative."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="organisation_left_after_joining",
                violation_error_message=_("The leaving date cannot come before the joining date."),
            ),
            models.UniqueConstraint(
                fields=["regon"],
                condition=~models.Q(regon=""),
                name="organisation_regon_unique_when_given",
                violation_error_message=_("An organisation with this REGON is already registered."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["city"]),
            # The panel's list pages through all organisations by name.
            models.Index(fields=["name", "id"], name="organisation_name_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:profile", kwargs={"slug": self.slug})

    @property
    def nip_display(self):
        return format_nip(self.nip)

    @property
    def is_active_member(self):
        return self.status == self.Status.ACTIVE


class MembershipChange(models.Model):
    """One change of an organisation's membership status: who made it, when, and why."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_changes"
    )
    from_status = models.CharField(
        _("previous status"), max_length=16, choices=Organisation.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("new status"), max_length=16, choices=Organisation.Status.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organisation}: {self.from_status} → {self.to_status}"


class MembershipApplication(models.Model):
    """What an applicant declared and consented to when applying to join."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="application"
    )
    motivation = models.TextField(_("why do you want to join?"), blank=True)
    declaration_text = models.TextField(_("declaration"))
    consent_text = models.TextField(_("consent"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self):
        return str(self.organisation)


class Person(TimeStampedModel):
    """Someone working for an organisation, with or without an account in the portal."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("representative")
        EMPLOYEE = "employee", _("employee")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EMPLOYEE)
    is_public_contact = models.BooleanField(
        _("public contact"),
        default=False,
        help_text=_("Shown as a contact on the organisation's public profile."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Set when the person's data was erased (issue 18): records that must stay name "a person
    # erased on <date>".
    erased_on = models.DateField(_("erased on"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                name="person_email_unique_per_organisation",
                violation_error_message=_(
                    "This organisation already has a person with this e-mail."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        if self.erased_on:
            return erased_person_label(self.erased_on)
        return f"{self.first_name} {self.last_name}"


class ActionGroup(TimeStampedModel):
    """A working group of members around one theme, led by one person."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_action_groups",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="action_groups", blank=True
    )

    class Meta:
        verbose_name = _("action group")
        verbose_name_plural = _("action groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CouncilSeatQuerySet(models.QuerySet):
    def in_office(self, *, on):
        return self.filter(term_start__lte=on).filter(
            models.Q(term_end__isnull=True) | models.Q(term_end__gte=on)
        )


class CouncilSeat(models.Model):
    """A person's term on the Cluster Council, elected by the Member Assembly."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="council_seats"
    )
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"), null=True, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)

    objects = CouncilSeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        ordering = ["-is_chair", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="council_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["person", "term_start"], name="council_seat_unique_per_term"
            ),
        ]

    def __str__(self):
        return str(self.person)
