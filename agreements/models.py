"""Partner organisations and the agreements the cluster signs with them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import TimeStampedModel
from core.storage import private_storage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# What the panel edits of a partner and of an agreement, in the order its forms show them; the
# services take these values and record the changes to them.
PARTNER_FIELDS = [
    "name",
    "short_name",
    "kind",
    "country",
    "region",
    "city",
    "website",
    "contact_name",
    "email",
    "phone",
    *(f"description_{code}" for code in LANGUAGE_CODES),
    "logo",
]
AGREEMENT_FIELDS = [
    "kind",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    "reference_number",
    "language",
    "signed_place",
    "signed_on",
    "valid_from",
    "valid_until",
    "approving_resolution",
    "approving_resolution_reference",
    "text",
]


class CooperationArea(models.TextChoices):
    COMMUNICATION = "communication", _("communication and exchange of information")
    JOINT_PROJECTS = "joint_projects", _("joint projects")
    RESEARCH = "research", _("R&D and technology transfer")
    TRAINING = "training", _("training and internships")
    PROMOTION = "promotion", _("mutual promotion")
    JOINT_OFFERS = "joint_offers", _("joint offers and export")
    CONFERENCES = "conferences", _("conferences and seminars")
    OFFICE_SPACE = "office_space", _("office space and business contacts abroad")


class Partner(TimeStampedModel):
    """An organisation outside the cluster that has, or negotiates, an agreement with it."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("cluster")
        UMBRELLA = "umbrella", _("umbrella cluster organisation")
        FOREIGN_CLUSTER = "foreign_cluster", _("foreign cluster")
        UNIVERSITY = "university", _("university")
        PUBLIC_BODY = "public_body", _("public body")
        COMPANY = "company", _("company")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = CountryField(_("country"), default="PL")
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Voivodeship, state or province.")
    )
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="partner_name_unique_case_insensitive",
                violation_error_message=_("A partner with this name is already recorded."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partner", kwargs={"slug": self.slug})

    @property
    def label(self):
        return self.short_name or self.name


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=Agreement.Status.IN_FORCE)


class Agreement(TimeStampedModel):
    """A cooperation or partnership agreement or a memorandum between the cluster and partners.

    Its status follows from recorded facts (negotiation started, sent for signature, each party's
    signature, the end of validity, termination); services recompute it whenever a fact changes.
    """

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("cooperation agreement")
        PARTNERSHIP = "partnership", _("partnership agreement")
        MEMORANDUM = "memorandum", _("memorandum of understanding")
        BUSINESS_ROAMING = "business_roaming", _("business roaming agreement")
        LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_NEGOTIATION = "negotiation", _("in negotiation")
        AWAITING_SIGNATURES = "awaiting_signatures", _("awaiting signatures")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    reference_number = models.CharField(
        _("reference number"), max_length=64, blank=True, help_text=_("E.g. 3/2015/OKIP.")
    )
    language = models.CharField(
        _("language of the agreement"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="pl",
        help_text=_("The language its text is drawn up and printed in."),
    )
    text = models.TextField(_("text of the agreement"), blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signed_on = models.DateField(
        _("date of signing"),
        null=True,
        blank=True,
        help_text=_("Left empty, it becomes the date of the last signature."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty for an open-ended one.")
    )
    approving_resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("approving resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_agreements",
    )
    # For resolutions adopted before the portal recorded them.
    approving_resolution_reference = models.CharField(
        _("approving resolution not in the portal"),
        max_length=120,
        blank=True,
        help_text=_("Its number and date, e.g. 12/2015 of 3 June 2015."),
    )

    negotiation_started_on = models.DateField(_("negotiation started on"), null=True, blank=True)
    sent_for_signature_on = models.DateField(_("sent for signature on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    scan = models.FileField(
        _("signed scan"), storage=private_storage, upload_to="agreements/scans/", blank=True
    )
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    document = models.FileField(
        _("agreement document"),
        storage=private_storage,
        upload_to="agreements/documents/",
        blank=True,
    )
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_rendered_at = models.DateTimeField(null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_valid_from",
                violation_error_message=_("The agreement cannot end before it takes effect."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="terminated", terminated_on__isnull=False)
                | (~models.Q(status="terminated") & models.Q(terminated_on__isnull=True)),
                name="agreement_terminated_with_its_date",
                violation_error_message=_("A terminated agreement needs its termination date."),
            ),
            models.UniqueConstraint(
                fields=["reference_number"],
                condition=~models.Q(reference_number=""),
                name="agreement_reference_number_unique_when_given",
                violation_error_message=_("An agreement with this reference number exists."),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement", kwargs={"pk": self.pk})

    @property
    def is_open_ended(self):
        return self.valid_until is None


class AgreementParty(models.Model):
    """One side of an agreement: the cluster itself (no partner) or a partner organisation."""

    class Signature(models.TextChoices):
        PENDING = "pending", _("pending")
        SIGNED = "signed", _("signed")
        DECLINED = "declined", _("declined")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
        help_text=_("Empty for the cluster itself."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=150, blank=True)
    signature = models.CharField(
        _("signature"), max_length=16, choices=Signature.choices, default=Signature.PENDING
    )
    signature_date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="agreement_party_once_per_partner",
                violation_error_message=_("This partner is already a party to the agreement."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(partner__isnull=True),
                name="agreement_has_one_own_cluster_party",
            ),
            models.CheckConstraint(
                condition=models.Q(signature="pending", signature_date__isnull=True)
                | (~models.Q(signature="pending") & models.Q(signature_date__isnull=False)),
                name="agreement_party_signature_has_its_date",
                violation_error_message=_("A signature or a refusal needs its date."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_own_cluster(self):
        return self.partner_id is None

    @property
    def name(self):
        return settings.CLUSTER_NAME if self.partner_id is None else self.partner.name


class AgreementArea(models.Model):
    """An area of cooperation an agreement covers."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="areas"
    )
    area = models.CharField(
        _("area of cooperation"), max_length=32, choices=CooperationArea.choices
    )

    class Meta:
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "area"], name="agreement_area_once"),
        ]

    def __str__(self):
        return self.get_area_display()
