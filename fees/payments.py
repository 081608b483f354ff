"""Payments: recorded by hand or imported from a bank statement, matched and allocated to documents.

Writes of the fees-payments part (issue 17); `fees/services.py` holds the billing part's writes.

- `payment_record` stores money received by hand and allocates it to the given documents, or to
  the organisation's open documents, oldest due first.
- `payment_allocate` gives part of a payment to one document. It locks the payment, then the
  document (always in that order), so the sum allocated never exceeds the payment nor what the
  document still owes; what a payment brings beyond that stays on it as the member's credit
  (an overpayment).
- `statement_import` stores a statement and all its lines in one transaction (a file, by its
  SHA-256, once), then matches each credit: by a document number in the title first, then by the
  amount and the payer (a NIP in the title, or the account a known payer paid from before).
  A large statement's matching runs in a Celery task, line by line, each line in its own
  transaction; the lines are already stored, so nothing is ever half-imported.
- Unmatched lines wait for the coordinator: `statement_line_match` (by hand) or
  `statement_line_ignore`.
"""

import datetime
import hashlib
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip as stdnum_nip

from accounts.models import User
from core.audit import audit_log
from members.models import Organisation

from .models import (
    BankStatement,
    FeeDocument,
    FeeReminder,
    Payment,
    PaymentAllocation,
    StatementLine,
)
from .statements import ParsedStatement, statement_parse

ZERO = Decimal("0.00")
OPEN_STATUSES = (FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID)
# "FV/2026/0001", "fv 2026/1", "FV-2026-0001": a series, the year and the number.
DOCUMENT_NUMBER = re.compile(r"\b([A-Z]{1,10})\s*[/\-_.\s]\s*(\d{4})\s*[/\-_.\s]\s*(\d{1,6})\b")
# A NIP in a title: ten digits, perhaps grouped with dashes or spaces, perhaps after "NIP" or "PL".
NIP_IN_TITLE = re.compile(r"(?<!\d)(\d{3}[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}|\d{10})(?!\d)")


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _currency() -> str:
    return str(getattr(settings, "FEES_CURRENCY", "PLN"))


# --- Documents' paid totals ---------------------------------------------------------------------


def amount_due(document: FeeDocument) -> Decimal:
    """What a document asks for: its total less the corrections that lowered it.

    A correction that raises the amount is a document to pay of its own.
    """
    lowered = (
        FeeDocument.objects.filter(corrects=document, gross_total__lt=ZERO).aggregate(
            total=Sum("gross_total")
        )["total"]
        or ZERO
    )
    return document.gross_total + lowered


def _document_settle(document: FeeDocument) -> None:
    """Set a locked document's status from its paid total; a paid one needs no more reminders."""
    if document.status == FeeDocument.Status.CANCELLED:
        return
    if document.paid_total >= amount_due(document):
        document.status = FeeDocument.Status.PAID
    elif document.paid_total > ZERO:
        document.status = FeeDocument.Status.PARTIALLY_PAID
    else:
        document.status = FeeDocument.Status.ISSUED
    document.save(update_fields=["paid_total", "status"])
    if document.status == FeeDocument.Status.PAID:
        FeeReminder.objects.filter(document=document, status=FeeReminder.Status.PENDING).update(
            status=FeeReminder.Status.CANCELLED
        )


def payment_unallocated(payment: Payment) -> Decimal:
    """Return what is left of a payment after its allocations: the member's credit."""
    allocated = payment.allocations.aggregate(total=Sum("amount"))["total"] or ZERO
    return payment.amount - allocated


@transaction.atomic
def payment_allocate(
    *,
    payment: Payment,
    document: FeeDocument,
    amount: Decimal | None = None,
    actor: User | None,
) -> PaymentAllocation:
    """Give `amount` of a payment (by default all that can go) to one document."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    document = FeeDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == FeeDocument.Status.CANCELLED or document.gross_total <= ZERO:
        raise _refuse(_("A cancelled document or a correction cannot take a payment."), "closed")
    if payment.currency != document.currency:
        raise _refuse(_("The payment and the document are in different currencies."), "currency")
    if payment.organisation_id is not None and payment.organisation_id != document.organisation_id:
        raise _refuse(
            _("The payment comes from another organisation than the document's buyer."),
            "other_organisation",
        )
    left = payment_unallocated(payment)
    owed = amount_due(document) - document.paid_total
    if amount is None:
        amount = min(left, owed)
    if amount <= ZERO:
        if owed <= ZERO:
            raise _refuse(_("This document is already paid."), "paid")
        raise _refuse(_("Nothing is left of this payment to allocate."), "nothing_left")
    if amount > left:
        raise _refuse(
            _("Only %(left)s of this payment is left to allocate.") % {"left": left},
            "over_payment",
        )
    if amount > owed:
        raise _refuse(_("The document still owes only %(owed)s.") % {"owed": owed}, "over_document")
    if payment.organisation_id is None:
        payment.organisation_id = document.organisation_id
        payment.save(update_fields=["organisation"])
    allocation = PaymentAllocation.objects.create(
        payment=payment, document=document, amount=amount, created_by=actor
    )
    before = {"paid_total": document.paid_total, "status": document.status}
    document.paid_total += amount
    _document_settle(document)
    audit_log(
        actor=actor,
        action="payment.allocated",
        target=document,
        parent=payment,
        changes={
            "amount": amount,
            "payment": payment.pk,
            "paid_total": [before["paid_total"], document.paid_total],
            "status": [before["status"], document.status],
        },
    )
    return allocation


def _open_documents(organisation_id: int) -> QuerySet[FeeDocument]:
    return FeeDocument.objects.filter(
        organisation_id=organisation_id,
        status__in=OPEN_STATUSES,
        gross_total__gt=ZERO,
        currency=_currency(),
    ).order_by("due_date", "issue_date", "pk")


def _allocate_in_order(
    payment: Payment, documents: Sequence[FeeDocument], actor: User | None
) -> list[PaymentAllocation]:
    """Allocate a payment to documents in order, each up to what it owes; the rest is credit."""
    allocations = []
    for document in documents:
        document.refresh_from_db(fields=["paid_total", "status"])
        owed = amount_due(document) - document.paid_total
        left = payment_unallocated(payment)
        if left <= ZERO:
            break
        if owed <= ZERO or document.status not in OPEN_STATUSES:
            continue
        allocations.append(
            payment_allocate(
                payment=payment, document=document, amount=min(left, owed), actor=actor
            )
        )
    return allocations


def _check_buyer(organisation: Organisation, documents: Sequence[FeeDocument]) -> None:
    for document in documents:
        if document.organisation_id != organisation.pk:
            raise _refuse(
                _("Document %(number)s was issued to another organisation.")
                % {"number": document.number},
                "other_organisation",
            )


@transaction.atomic
def payment_record(
    *,
    organisation: Organisation,
    amount: Decimal,
    paid_on: datetime.date,
    actor: User | None,
    documents: Sequence[FeeDocument] = (),
    payer_name: str = "",
    payer_account: str = "",
    title: str = "",
    note: str = "",
) -> Payment:
    """Record money received by hand and allocate it (to `documents`, or oldest due first)."""
    if amount <= ZERO:
        raise _refuse(_("A payment is a positive amount."), "amount")
    if paid_on > timezone.localdate():
        raise _refuse(_("A payment cannot be dated in the future."), "future")
    _check_buyer(organisation, documents)
    payment = Payment.objects.create(
        organisation=organisation,
        amount=amount,
        currency=_currency(),
        paid_on=paid_on,
        payer_name=payer_name or organisation.name,
        payer_account=payer_account.replace(" ", ""),
        title=title,
        source=Payment.Source.MANUAL,
        recorded_by=actor,
        note=note,
    )
    audit_log(
        actor=actor,
        action="payment.recorded",
        target=payment,
        parent=organisation,
        changes={"amount": amount, "paid_on": paid_on, "title": title, "note": note},
    )
    targets = list(documents) or list(_open_documents(organisation.pk))
    _allocate_in_order(payment, targets, actor)
    return payment


# --- Matching -----------------------------------------------------------------------------------


def documents_named_in(title: str) -> list[FeeDocument]:
    """Return the documents whose numbers the title names, in the order it names them."""
    found: list[FeeDocument] = []
    for series, year, sequence in DOCUMENT_NUMBER.findall(title.upper()):
        document = (
            FeeDocument.objects.filter(series=series, year=int(year), sequence=int(sequence))
            .exclude(status=FeeDocument.Status.CANCELLED)
            .first()
        )
        if document is not None and document not in found:
            found.append(document)
    return found


def nips_in(title: str) -> list[str]:
    """Return the valid NIPs written in a title."""
    nips = []
    for candidate in NIP_IN_TITLE.findall(title):
        digits = re.sub(r"\D", "", candidate)
        if stdnum_nip.is_valid(digits) and digits not in nips:
            nips.append(digits)
    return nips


def payer_of(line: StatementLine) -> Organisation | None:
    """Return the organisation that paid a line: by a NIP in its title, or by its account."""
    for nip in nips_in(line.title):
        organisation = Organisation.objects.filter(nip=nip).first()
        if organisation is not None:
            return organisation
    if line.counterparty_account:
        known = (
            Payment.objects.filter(
                payer_account=line.counterparty_account, organisation__isnull=False
            )
            .order_by("-paid_on", "-pk")
            .values_list("organisation_id", flat=True)
            .first()
        )
        if known is not None:
            return Organisation.objects.get(pk=known)
    return None


def _payment_from_line(line: StatementLine, organisation: Organisation | None) -> Payment:
    return Payment.objects.create(
        organisation=organisation,
        amount=line.amount,
        currency=line.currency,
        paid_on=line.booking_date,
        payer_name=line.counterparty_name[:255],
        payer_account=line.counterparty_account,
        title=line.title,
        source=Payment.Source.STATEMENT,
        statement_line=line,
    )


def _line_mark(line: StatementLine, status: str, matched_by: str = "") -> None:
    line.status = status
    line.matched_by = matched_by
    line.save(update_fields=["status", "matched_by"])


def _counts_refresh(statement_id: int) -> None:
    lines = StatementLine.objects.filter(statement_id=statement_id)
    BankStatement.objects.filter(pk=statement_id).update(
        line_count=lines.count(),
        matched_count=lines.filter(status=StatementLine.Status.MATCHED).count(),
        unmatched_count=lines.filter(status=StatementLine.Status.UNMATCHED).count(),
        ignored_count=lines.filter(status=StatementLine.Status.IGNORED).count(),
    )


@transaction.atomic
def statement_line_match_auto(*, line: StatementLine, actor: User | None) -> bool:
    """Match one unmatched credit line, if its title or payer says whose it is; idempotent."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != StatementLine.Status.UNMATCHED or hasattr(line, "payment"):
        return False
    named = documents_named_in(line.title)
    if named:
        organisation_id = named[0].organisation_id
        documents = [doc for doc in named if doc.organisation_id == organisation_id]
        payment = _payment_from_line(line, Organisation.objects.get(pk=organisation_id))
        _allocate_in_order(payment, documents, actor)
        _line_mark(line, StatementLine.Status.MATCHED, StatementLine.MatchedBy.NUMBER)
    else:
        organisation = payer_of(line)
        if organisation is None:
            return False
        same_amount = [
            doc
            for doc in _open_documents(organisation.pk)
            if amount_due(doc) - doc.paid_total == line.amount
        ]
        if not same_amount:
            return False
        payment = _payment_from_line(line, organisation)
        _allocate_in_order(payment, same_amount[:1], actor)
        _line_mark(line, StatementLine.Status.MATCHED, StatementLine.MatchedBy.AMOUNT_NIP)
    audit_log(
        actor=actor,
        action="statement_line.matched",
        target=line,
        parent=line.statement,
        changes={"matched_by": line.matched_by, "payment": payment.pk},
    )
    _counts_refresh(line.statement_id)
    return True


def statement_match(*, statement: BankStatement, actor: User | None) -> int:
    """Match every unmatched line of a statement automatically, each in its own transaction."""
    matched = 0
    pending = StatementLine.objects.filter(
        statement=statement, status=StatementLine.Status.UNMATCHED
    ).order_by("position")
    for line in pending.iterator():
        if statement_line_match_auto(line=line, actor=actor):
            matched += 1
    return matched


@transaction.atomic
def statement_line_match(
    *,
    line: StatementLine,
    organisation: Organisation,
    documents: Sequence[FeeDocument] = (),
    actor: User | None,
) -> Payment:
    """Match an unmatched line by hand: the payer and, optionally, the documents it pays."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != StatementLine.Status.UNMATCHED or hasattr(line, "payment"):
        raise _refuse(_("This line has already been matched or ignored."), "not_unmatched")
    _check_buyer(organisation, documents)
    payment = _payment_from_line(line, organisation)
    _allocate_in_order(payment, list(documents) or list(_open_documents(organisation.pk)), actor)
    _line_mark(line, StatementLine.Status.MATCHED, StatementLine.MatchedBy.MANUAL)
    audit_log(
        actor=actor,
        action="statement_line.matched",
        target=line,
        parent=line.statement,
        changes={
            "matched_by": line.matched_by,
            "organisation": organisation.name,
            "documents": [document.number for document in documents],
            "payment": payment.pk,
        },
    )
    _counts_refresh(line.statement_id)
    return payment


@transaction.atomic
def statement_line_ignore(*, line: StatementLine, actor: User | None) -> StatementLine:
    """Set an unmatched line aside: it is no fee (a refund, a grant, a mistake)."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != StatementLine.Status.UNMATCHED:
        raise _refuse(_("This line has already been matched or ignored."), "not_unmatched")
    _line_mark(line, StatementLine.Status.IGNORED)
    audit_log(actor=actor, action="statement_line.ignored", target=line, parent=line.statement)
    _counts_refresh(line.statement_id)
    return line


# --- Import -------------------------------------------------------------------------------------


def statement_read(upload: UploadedFile) -> bytes:
    """Read an uploaded statement, refusing one over the size cap before reading it."""
    limit = int(getattr(settings, "FEES_STATEMENT_MAX_BYTES", 5 * 1024 * 1024))
    if upload.size is not None and upload.size > limit:
        raise _refuse(
            _("The statement is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            "too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("The statement is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            "too_large",
        )
    return data


def _statement_store(
    data: bytes, digest: str, parsed: ParsedStatement, name: str, actor: User | None
) -> BankStatement:
    statement = BankStatement(
        format=parsed.format,
        sha256=digest,
        account_iban=parsed.account[:34],
        currency=parsed.currency,
        period_from=parsed.period_from,
        period_to=parsed.period_to,
        imported_by=actor,
    )
    extension = "xml" if parsed.format == BankStatement.Format.CAMT053 else "txt"
    statement.file.save(f"{digest[:16]}.{extension}", ContentFile(data), save=False)
    statement.save()
    StatementLine.objects.bulk_create(
        StatementLine(
            statement=statement,
            position=position,
            booking_date=line.booking_date,
            amount=line.amount,
            currency=line.currency,
            counterparty_name=line.counterparty_name[:255],
            counterparty_account=line.counterparty_account[:64],
            title=line.title,
            bank_reference=line.bank_reference[:128],
            status=(
                StatementLine.Status.UNMATCHED
                if line.is_credit and line.booked
                else StatementLine.Status.IGNORED
            ),
        )
        for position, line in enumerate(parsed.lines, start=1)
    )
    _counts_refresh(statement.pk)
    audit_log(
        actor=actor,
        action="statement.imported",
        target=statement,
        changes={
            "file": name[:200],
            "sha256": digest,
            "account": statement.account_iban,
            "period": [parsed.period_from, parsed.period_to],
            "lines": len(parsed.lines),
        },
    )
    return statement


def statement_import(*, upload: UploadedFile, actor: User | None) -> BankStatement:
    """Import a CAMT.053 or MT940 file whole, once; then match it (inline, or in a task if long).

    Every refusal (size, hostile XML, malformed, another currency, imported before) leaves the
    database as it was: the statement and its lines are written in one transaction.
    """
    from .tasks import statement_match_task

    data = statement_read(upload)
    digest = hashlib.sha256(data).hexdigest()
    previous = BankStatement.objects.filter(sha256=digest).first()
    if previous is not None:
        raise _refuse(
            _("This statement was already imported on %(date)s.")
            % {"date": timezone.localtime(previous.imported_at).date()},
            "duplicate",
        )
    parsed = statement_parse(data)
    try:
        with transaction.atomic():
            statement = _statement_store(data, digest, parsed, upload.name or "", actor)
    except IntegrityError:
        # Another import of the same file committed first.
        raise _refuse(_("This statement was already imported."), "duplicate") from None
    inline_limit = int(getattr(settings, "FEES_STATEMENT_INLINE_LINES", 200))
    if len(parsed.credit_lines) <= inline_limit:
        statement_match(statement=statement, actor=actor)
    else:
        statement_id, actor_id = statement.pk, actor.pk if actor is not None else None
        transaction.on_commit(lambda: statement_match_task.delay(statement_id, actor_id))
    statement.refresh_from_db()
    return statement
