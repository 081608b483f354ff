"""Membership fees: who bills, what each category pays, the billing runs, the numbered documents
(VAT invoices, debit notes and their corrections), payments, bank statements and reminders.

Money is `Decimal` with two places (`MONEY`), rates are percentages with two places (23.00). A
document, once numbered, is never edited: a correction is a new document pointing to it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage
from members.models import Organisation

from .amounts import HALF_CENT

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 5, "decimal_places": 2}


def _is_sum(total: str, *parts: str) -> Q:
    """The constraint that `total` is the sum of `parts`, to the cent."""
    summed = sum((F(part) for part in parts[1:]), F(parts[0]))
    return Q(**{f"{total}__gt": summed - HALF_CENT}) & Q(**{f"{total}__lt": summed + HALF_CENT})


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("VAT invoice")
    # Translators: "nota obciążeniowa" in Polish: a charge outside VAT.
    DEBIT_NOTE = "debit_note", _("debit note")
    CORRECTION = "correction", _("correction")


class BillingProfile(TimeStampedModel):
    """The coordinator's legal data as the seller and issuer of every document (one row)."""

    name = models.CharField(_("name"), max_length=255)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country code"), max_length=2, default="PL")
    nip = models.CharField(_("NIP"), max_length=10)
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=34)
    bank_name = models.CharField(_("bank name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail for billing questions"), blank=True)
    invoice_prefix = models.CharField(_("invoice series"), max_length=10, default="FV")
    debit_note_prefix = models.CharField(_("debit note series"), max_length=10, default="NO")
    correction_prefix = models.CharField(
        _("invoice correction series"), max_length=10, default="FK"
    )
    debit_note_correction_prefix = models.CharField(
        _("debit note correction series"), max_length=10, default="NK"
    )
    ksef_enabled = models.BooleanField(
        _("send invoices to KSeF"),
        default=False,
        help_text=_("Real sending also needs the KSeF settings of the installation."),
    )

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self):
        return self.name


class FeeSchedule(TimeStampedModel):
    """What one membership category pays in one year, and on which document."""

    class ProRata(models.TextChoices):
        NONE = "none", _("none: the full fee")
        MONTHLY = "monthly", _("the remaining months")
        QUARTERLY = "quarterly", _("the remaining quarters")

    year = models.PositiveIntegerField(_("year"))
    category = models.CharField(
        _("membership category"), max_length=32, choices=Organisation.Kind.choices
    )
    name = models.CharField(_("name on the document"), max_length=200)
    amount = models.DecimalField(
        _("amount"),
        help_text=_("Net for a VAT invoice, the total for a debit note."),
        **MONEY,
    )
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    document_kind = models.CharField(
        _("document type"),
        max_length=16,
        choices=[
            (DocumentKind.INVOICE.value, DocumentKind.INVOICE.label),
            (DocumentKind.DEBIT_NOTE.value, DocumentKind.DEBIT_NOTE.label),
        ],
        default=DocumentKind.INVOICE,
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        null=True,
        blank=True,
        help_text=_("Empty for a debit note or when exempt from VAT."),
        **RATE,
    )
    vat_exemption_basis = models.CharField(
        _("legal basis of the VAT exemption"),
        max_length=200,
        blank=True,
        help_text=_("For example: art. 43 ust. 1 pkt 31 ustawy o VAT."),
    )
    due_days = models.PositiveIntegerField(_("days to pay"), default=14)
    pro_rata = models.CharField(
        _("members joining during the year pay"),
        max_length=16,
        choices=ProRata.choices,
        default=ProRata.NONE,
    )

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category"],
                name="fee_schedule_one_per_year_and_category",
                violation_error_message=_("This category already has a fee for this year."),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_schedule_amount_positive"),
            models.CheckConstraint(
                condition=Q(document_kind="invoice") | Q(vat_rate__isnull=True),
                name="fee_schedule_debit_note_has_no_vat",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_category_display()}: {self.name}"

    @property
    def is_exempt(self):
        return self.document_kind == DocumentKind.INVOICE and self.vat_rate is None


class BillingRun(TimeStampedModel):
    """One year's issue of fee documents: previewed, confirmed, then issued by a task.

    A run plans its items when previewed; the task issues one document per item. A year may have
    more than one run (members who join after the first are billed by a later one), but only one
    run is open (not done and not failed) at a time.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview")
        CONFIRMED = "confirmed", _("confirmed")
        RUNNING = "running", _("issuing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )
    issue_date = models.DateField(_("issue date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    planned_count = models.PositiveIntegerField(_("documents planned"), default=0)
    issued_count = models.PositiveIntegerField(_("documents issued"), default=0)
    net_total = models.DecimalField(_("net total"), default=Decimal("0.00"), **MONEY)
    vat_total = models.DecimalField(_("VAT total"), default=Decimal("0.00"), **MONEY)
    gross_total = models.DecimalField(_("gross total"), default=Decimal("0.00"), **MONEY)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=["preview", "confirmed", "running"]),
                name="billing_run_one_open_per_year",
                violation_error_message=_("This year already has a billing run in progress."),
            ),
        ]

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"


class BillingRunItem(models.Model):
    """One member's planned document in a run: the schedule, the share of the year and amounts."""

    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="items")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    schedule = models.ForeignKey(
        FeeSchedule, verbose_name=_("fee schedule"), on_delete=models.PROTECT, related_name="+"
    )
    # Months or quarters billed (12 or 4 for a full year; fewer for a member who joined late).
    periods = models.PositiveSmallIntegerField(_("periods billed"))
    periods_in_year = models.PositiveSmallIntegerField(_("periods in the year"))
    net = models.DecimalField(_("net"), **MONEY)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("gross"), **MONEY)

    class Meta:
        verbose_name = _("billing run item")
        verbose_name_plural = _("billing run items")
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "organisation"], name="billing_run_item_once_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.run}: {self.organisation_id}"


class DocumentSequence(models.Model):
    """The last number given in one series and year; locked while a document takes the next."""

    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document sequence")
        verbose_name_plural = _("document sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="document_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.series}/{self.year}: {self.last_number}"


class FeeDocument(models.Model):
    """A numbered VAT invoice, debit note or correction; never edited once issued."""

    Kind = DocumentKind

    class Status(models.TextChoices):
        ISSUED = "issued", _("unpaid")
        PARTIALLY_PAID = "partially_paid", _("partially paid")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled by a correction")

    class KsefStatus(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("not applicable")
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("type"), max_length=16, choices=DocumentKind.choices)
    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the series"))
    number = models.CharField(_("number"), max_length=40, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="fee_documents",
    )
    billing_run = models.ForeignKey(
        BillingRun,
        verbose_name=_("billing run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    schedule = models.ForeignKey(
        FeeSchedule,
        verbose_name=_("fee schedule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=255, blank=True)
    # The parties as they were on the issue date.
    buyer_name = models.CharField(_("buyer"), max_length=255)
    buyer_street = models.CharField(_("buyer's street"), max_length=200, blank=True)
    buyer_postal_code = models.CharField(_("buyer's postal code"), max_length=16, blank=True)
    buyer_city = models.CharField(_("buyer's city"), max_length=100, blank=True)
    buyer_country = models.CharField(_("buyer's country code"), max_length=2, default="PL")
    buyer_nip = models.CharField(_("buyer's NIP"), max_length=10, blank=True)
    seller_name = models.CharField(_("seller"), max_length=255)
    seller_street = models.CharField(_("seller's street"), max_length=200)
    seller_postal_code = models.CharField(_("seller's postal code"), max_length=16)
    seller_city = models.CharField(_("seller's city"), max_length=100)
    seller_country = models.CharField(_("seller's country code"), max_length=2, default="PL")
    seller_nip = models.CharField(_("seller's NIP"), max_length=10)
    seller_bank_account = models.CharField(_("bank account"), max_length=34)
    vat_exemption_basis = models.CharField(
        _("legal basis of the VAT exemption"), max_length=200, blank=True
    )
    issue_date = models.DateField(_("issue date"))
    sale_date = models.DateField(_("date of supply"))
    due_date = models.DateField(_("due date"))
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    net_total = models.DecimalField(_("net"), **MONEY)
    vat_total = models.DecimalField(_("VAT"), **MONEY)
    gross_total = models.DecimalField(_("amount due"), **MONEY)
    paid_total = models.DecimalField(_("paid"), default=Decimal("0.00"), **MONEY)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    language = models.CharField(
        _("second language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="fees/pdf/", max_length=200, blank=True
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    ksef_xml = models.FileField(
        _("KSeF XML"), storage=private_storage, upload_to="fees/ksef/", max_length=200, blank=True
    )
    ksef_status = models.CharField(
        _("KSeF status"),
        max_length=16,
        choices=KsefStatus.choices,
        default=KsefStatus.NOT_APPLICABLE,
    )
    ksef_reference = models.CharField(_("KSeF number"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee document")
        verbose_name_plural = _("fee documents")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="fee_document_number_unique"
            ),
            models.UniqueConstraint(
                fields=["billing_run", "organisation"],
                condition=Q(corrects__isnull=True, billing_run__isnull=False),
                name="fee_document_once_per_run_and_member",
            ),
            models.CheckConstraint(
                condition=_is_sum("gross_total", "net_total", "vat_total"),
                name="fee_document_gross_is_net_plus_vat",
            ),
            models.CheckConstraint(
                condition=Q(kind="correction", corrects__isnull=False)
                | (~Q(kind="correction") & Q(corrects__isnull=True)),
                name="fee_document_correction_points_to_original",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-issue_date"]),
            models.Index(fields=["year", "kind"]),
        ]

    def __str__(self):
        return self.number

    @property
    def outstanding(self):
        return self.gross_total - self.paid_total

    @property
    def is_vat_invoice(self):
        """Whether this is a VAT invoice or a correction of one (both go to KSeF)."""
        if self.kind == DocumentKind.CORRECTION:
            return self.corrects is not None and self.corrects.kind == DocumentKind.INVOICE
        return self.kind == DocumentKind.INVOICE


class FeeDocumentLine(models.Model):
    """One line of a document; a correction's lines are the differences."""

    document = models.ForeignKey(FeeDocument, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=3, default=Decimal("1")
    )
    unit_net = models.DecimalField(_("unit price"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), null=True, blank=True, **RATE)
    net = models.DecimalField(_("net"), **MONEY)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("gross"), **MONEY)

    class Meta:
        verbose_name = _("document line")
        verbose_name_plural = _("document lines")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="fee_document_line_position_unique"
            ),
            models.CheckConstraint(
                condition=_is_sum("gross", "net", "vat"), name="fee_document_line_gross_sum"
            ),
        ]

    def __str__(self):
        return f"{self.document_id}/{self.position}: {self.description}"


class BankStatement(models.Model):
    """An imported bank statement file; a file (by its digest) is imported once."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", "CAMT.053"
        MT940 = "mt940", "MT940"

    file = models.FileField(
        _("file"), storage=private_storage, upload_to="fees/statements/", max_length=200
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    account_iban = models.CharField(_("account"), max_length=34, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("to"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    matched_count = models.PositiveIntegerField(_("matched lines"), default=0)
    unmatched_count = models.PositiveIntegerField(_("unmatched lines"), default=0)
    ignored_count = models.PositiveIntegerField(_("ignored lines"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.get_format_display()} {self.period_from}–{self.period_to}"


class StatementLine(models.Model):
    """One entry of a statement: a credit waiting for a match, matched, or ignored (debits)."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("matched")
        UNMATCHED = "unmatched", _("unmatched")
        IGNORED = "ignored", _("ignored")

    class MatchedBy(models.TextChoices):
        NUMBER = "number", _("document number in the title")
        AMOUNT_NIP = "amount_nip", _("amount and payer's NIP")
        MANUAL = "manual", _("by hand")

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    booking_date = models.DateField(_("booking date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    counterparty_name = models.CharField(_("counterparty"), max_length=255, blank=True)
    counterparty_account = models.CharField(_("counterparty's account"), max_length=64, blank=True)
    title = models.TextField(_("title"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=128, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNMATCHED
    )
    matched_by = models.CharField(
        _("matched by"), max_length=16, choices=MatchedBy.choices, blank=True
    )
    # The payment made from this line is `line.payment` (Payment.statement_line).

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="statement_line_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.statement_id}/{self.position}: {self.amount} {self.currency}"


class Payment(models.Model):
    """Money received, by hand or from a statement; allocated to documents."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("recorded by hand")
        STATEMENT = "statement", _("bank statement")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_payments",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    paid_on = models.DateField(_("paid on"))
    payer_name = models.CharField(_("payer"), max_length=255, blank=True)
    payer_account = models.CharField(_("payer's account"), max_length=64, blank=True)
    title = models.TextField(_("transfer title"), blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    statement_line = models.OneToOneField(
        StatementLine,
        verbose_name=_("statement line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.paid_on} {self.amount} {self.currency}"


class PaymentAllocation(models.Model):
    """The part of a payment that settles one document (the rest is the member's credit)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    document = models.ForeignKey(
        FeeDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment allocation")
        verbose_name_plural = _("payment allocations")
        ordering = ["payment", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_allocation_positive"),
        ]

    def __str__(self):
        return f"{self.payment_id} → {self.document_id}: {self.amount}"


class FeeReminder(models.Model):
    """A reminder for one document (outbox): each kind is sent at most once."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("before the due date")
        OVERDUE_7 = "overdue_7", _("7 days overdue")
        OVERDUE_30 = "overdue_30", _("30 days overdue")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("cancelled")

    document = models.ForeignKey(FeeDocument, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee reminder")
        verbose_name_plural = _("fee reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "kind"], name="fee_reminder_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.document_id}: {self.kind}"
