"""Reads of the fees app.

Sections: billing (profile, schedules, runs, documents) here; payments, statements, reminders and
arrears below their own heading.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import ngettext

from accounts.models import User
from members.models import Organisation

from .amounts import HALF_CENT, ZERO, money
from .models import (
    BankStatement,
    BillingProfile,
    BillingRun,
    BillingRunItem,
    DocumentKind,
    FeeDocument,
    FeeSchedule,
    Payment,
    StatementLine,
)

# --- Billing ------------------------------------------------------------------------------------


def billing_profile() -> BillingProfile | None:
    return BillingProfile.objects.order_by("pk").first()


def schedules_for_panel(*, year: int | None = None) -> QuerySet[FeeSchedule]:
    schedules = FeeSchedule.objects.all()
    if year is not None:
        schedules = schedules.filter(year=year)
    return schedules.order_by("-year", "category")


def runs_for_panel() -> QuerySet[BillingRun]:
    return BillingRun.objects.select_related("created_by", "confirmed_by").order_by(
        "-created_at", "-id"
    )


def run_items(run: BillingRun) -> QuerySet[BillingRunItem]:
    return (
        BillingRunItem.objects.filter(run=run)
        .select_related("organisation", "schedule")
        .order_by("organisation__name", "pk")
    )


def run_items_by_category(run: BillingRun) -> list[dict[str, Any]]:
    """Per category: how many members, and the net, VAT and gross they are billed."""
    labels = dict(Organisation.Kind.choices)
    rows = (
        BillingRunItem.objects.filter(run=run)
        .values("schedule__category", "schedule__document_kind")
        .annotate(count=Count("pk"), net=Sum("net"), vat=Sum("vat"), gross=Sum("gross"))
        .order_by("schedule__category")
    )
    kinds = dict(DocumentKind.choices)
    return [
        {
            "category": labels.get(row["schedule__category"], row["schedule__category"]),
            "document_kind": kinds.get(row["schedule__document_kind"]),
            "count": row["count"],
            "net": row["net"],
            "vat": row["vat"],
            "gross": row["gross"],
        }
        for row in rows
    ]


def run_issued_count(run: BillingRun) -> int:
    """The documents a run has issued so far (read live, for the progress page)."""
    return FeeDocument.objects.filter(billing_run=run, corrects__isnull=True).count()


def year_overview(*, year: int) -> dict[str, Any]:
    """Documents issued in a year by kind, and the totals issued, paid and outstanding."""
    documents = FeeDocument.objects.filter(year=year)
    by_kind: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in documents.values("kind").annotate(
            count=Count("pk"), gross=Sum("gross_total"), paid=Sum("paid_total")
        )
    }
    totals = documents.aggregate(gross=Sum("gross_total"), paid=Sum("paid_total"))
    issued = totals["gross"] or ZERO
    paid = totals["paid"] or ZERO
    return {
        "year": year,
        "kinds": [
            {
                "label": label,
                "count": by_kind.get(value, {}).get("count", 0),
                "gross": by_kind.get(value, {}).get("gross") or ZERO,
            }
            for value, label in DocumentKind.choices
        ],
        "issued": issued,
        "paid": paid,
        "outstanding": issued - paid,
        "unpaid_count": documents.filter(
            status__in=[FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID],
            gross_total__gt=0,
        ).count(),
    }


def documents_for_panel(
    *,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[FeeDocument]:
    documents = FeeDocument.objects.select_related("organisation", "corrects")
    if year is not None:
        documents = documents.filter(year=year)
    if kind:
        documents = documents.filter(kind=kind)
    if status:
        documents = documents.filter(status=status)
    query = query.strip()
    if query:
        documents = documents.filter(
            Q(number__icontains=query)
            | Q(buyer_name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(buyer_nip__startswith=query.replace("-", ""))
        )
    return documents.order_by("-issue_date", "-id")


def document_years() -> list[int]:
    return list(FeeDocument.objects.order_by("-year").values_list("year", flat=True).distinct())


def documents_of_organisation(organisation: Organisation) -> QuerySet[FeeDocument]:
    return (
        FeeDocument.objects.filter(organisation=organisation)
        .select_related("corrects")
        .order_by("-issue_date", "-id")
    )


def fee_organisation_of(user: User) -> Organisation | None:
    """The organisation whose fee documents `user` may read: the one they represent.

    Fees are the organisation's finances: its representatives read them, its other employees do
    not (they see nothing of the organisation's money elsewhere either).
    """
    from members.roles import represented_organisation

    organisation: Organisation | None = represented_organisation(user)
    return organisation


def can_read_document(user: User, document: FeeDocument) -> bool:
    """The coordinator reads every document; a representative only their organisation's."""
    from accounts.roles import is_coordinator

    if is_coordinator(user):
        return True
    organisation = fee_organisation_of(user)
    return organisation is not None and organisation.pk == document.organisation_id


def vat_summary(document: FeeDocument) -> list[dict[str, Any]]:
    """Net, VAT and gross of a document by VAT rate (exempt and outside VAT as their own rows)."""
    rows: dict[Any, dict[str, Decimal]] = defaultdict(
        lambda: {"net": ZERO, "vat": ZERO, "gross": ZERO}
    )
    for line in document.lines.all():
        row = rows[line.vat_rate]
        row["net"] += line.net
        row["vat"] += line.vat
        row["gross"] += line.gross
    return [
        {"rate": rate, **values}
        for rate, values in sorted(
            rows.items(), key=lambda item: (item[0] is None, -(item[0] or 0))
        )
    ]


def document_pdf_context(document: FeeDocument) -> dict[str, Any]:
    """What the PDF template shows: the document, its lines, VAT summary and the two languages."""
    second = document.language if document.language != "pl" else None
    schedule_name_second = ""
    if second and document.schedule is not None:
        with translation.override(second):
            schedule_name_second = str(getattr(document.schedule, f"name_{second}", "") or "")
    return {
        "document": document,
        "lines": list(document.lines.all()),
        "vat_summary": vat_summary(document),
        "second_language": second,
        "schedule_name_second": schedule_name_second,
        "is_debit_note": (
            document.kind == DocumentKind.DEBIT_NOTE
            or (document.corrects is not None and document.corrects.kind == DocumentKind.DEBIT_NOTE)
        ),
        "is_exempt": any(line.vat_rate is None for line in document.lines.all())
        and document.is_vat_invoice,
    }


# --- Payments, statements, reminders and arrears (fees-payments) --------------------------------

OPEN_STATUSES = (FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID)


def _lowered_by_corrections(*, on: datetime.date | None = None) -> Coalesce:
    """An annotation: the sum of the corrections that lowered a document (issued by `on`)."""
    corrections = FeeDocument.objects.filter(corrects=OuterRef("pk"), gross_total__lt=ZERO)
    if on is not None:
        corrections = corrections.filter(issue_date__lte=on)
    total = corrections.values("corrects").annotate(total=Sum("gross_total")).values("total")
    return Coalesce(Subquery(total), ZERO)


def payments_for_panel(
    *, organisation: Organisation | None = None, source: str = "", unallocated: bool = False
) -> QuerySet[Payment]:
    """Payments, newest first, with what of each is allocated (`allocated`)."""
    payments = (
        Payment.objects.select_related("organisation", "statement_line__statement", "recorded_by")
        .annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO))
        .annotate(credit=F("amount") - F("allocated"))
        .order_by("-paid_on", "-pk")
    )
    if organisation is not None:
        payments = payments.filter(organisation=organisation)
    if source:
        payments = payments.filter(source=source)
    if unallocated:
        payments = payments.filter(credit__gt=ZERO)
    return payments


def payment_for_panel(*, pk: int) -> Payment:
    return (
        Payment.objects.select_related("organisation", "statement_line__statement", "recorded_by")
        .prefetch_related("allocations__document")
        .annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO))
        .get(pk=pk)
    )


def statements_for_panel() -> QuerySet[BankStatement]:
    return BankStatement.objects.select_related("imported_by").order_by("-imported_at", "-pk")


def statement_lines(statement: BankStatement) -> QuerySet[StatementLine]:
    return (
        StatementLine.objects.filter(statement=statement)
        .select_related("payment__organisation")
        .prefetch_related("payment__allocations__document")
        .order_by("position")
    )


def open_documents_of(organisation: Organisation) -> QuerySet[FeeDocument]:
    """An organisation's documents that still ask for money, oldest due first."""
    return (
        FeeDocument.objects.filter(
            organisation=organisation, status__in=OPEN_STATUSES, gross_total__gt=ZERO
        )
        .annotate(lowered=_lowered_by_corrections())
        .order_by("due_date", "pk")
    )


def _overdue(*, on: datetime.date, min_days: int = 0) -> QuerySet[FeeDocument]:
    """Documents unpaid more than `min_days` after their due date on `on`, with `still_owed`:
    the total less the corrections that lowered it and what was paid (the model's `outstanding`
    knows no corrections)."""
    return (
        FeeDocument.objects.filter(
            status__in=OPEN_STATUSES,
            gross_total__gt=ZERO,
            due_date__lt=on - datetime.timedelta(days=min_days),
        )
        .annotate(lowered=_lowered_by_corrections())
        .annotate(still_owed=F("gross_total") + F("lowered") - F("paid_total"))
        # At least half a grosz (see HALF_CENT): on the embedded SQLite a paid document can owe
        # 1e-16.
        .filter(still_owed__gte=HALF_CENT)
    )


def arrears(*, on: datetime.date, min_days: int = 0) -> dict[str, Any]:
    """Documents unpaid more than `min_days` after their due date on `on`, most overdue first.

    Returns the rows (document, days overdue, outstanding) and the totals: documents,
    organisations and the amount outstanding.
    """
    documents = (
        _overdue(on=on, min_days=min_days)
        .select_related("organisation")
        .order_by("due_date", "organisation__name", "pk")
    )
    rows: list[dict[str, Any]] = [
        {
            "document": document,
            "days_overdue": (on - document.due_date).days,
            # The embedded SQLite computes it in floating point: back to grosze.
            "outstanding": money(document.still_owed),  # type: ignore[attr-defined]
        }
        for document in documents
    ]
    return {
        "rows": rows,
        "count": len(rows),
        "organisations": len({row["document"].organisation_id for row in rows}),
        "total": sum((row["outstanding"] for row in rows), ZERO),
    }


def fees_attention(*, on: datetime.date) -> dict[str, Any]:
    """What the fees need from the cluster office on `on`: overdue documents and the amount
    outstanding, and the statement lines still waiting for a match.

    Counted and summed in the database: the dashboard reads no document.
    """
    overdue = _overdue(on=on).aggregate(
        documents=Count("pk"),
        organisations=Count("organisation", distinct=True),
        outstanding=Coalesce(Sum("still_owed"), ZERO),
    )
    return {
        "overdue_documents": overdue["documents"],
        "overdue_organisations": overdue["organisations"],
        "outstanding": money(overdue["outstanding"]),
        "unmatched_lines": StatementLine.objects.filter(
            status=StatementLine.Status.UNMATCHED
        ).count(),
    }


def organisations_in_arrears(*, on: datetime.date, days: int) -> dict[int, str]:
    """Organisations with a document unpaid on `on` more than `days` days after its due date.

    As the books stood on `on`: payments made later and corrections issued later do not count,
    so the reason shown for a past vote stays what it was when the vote opened.
    """
    documents = (
        FeeDocument.objects.filter(
            gross_total__gt=ZERO,
            issue_date__lte=on,
            due_date__lt=on - datetime.timedelta(days=days),
        )
        .exclude(status=FeeDocument.Status.CANCELLED)
        .annotate(
            lowered=_lowered_by_corrections(on=on),
            paid_by_then=Coalesce(
                Sum("allocations__amount", filter=Q(allocations__payment__paid_on__lte=on)), ZERO
            ),
        )
        .order_by("due_date", "pk")
    )
    reasons: dict[int, str] = {}
    for document in documents:
        if document.organisation_id in reasons:
            continue
        if document.gross_total + document.lowered - document.paid_by_then <= ZERO:
            continue
        overdue = (on - document.due_date).days
        reasons[document.organisation_id] = ngettext(
            "Fee document %(number)s unpaid %(days)d day after its due date (%(date)s); the "
            "statute takes the vote after %(limit)d days in arrears.",
            "Fee document %(number)s unpaid %(days)d days after its due date (%(date)s); the "
            "statute takes the vote after %(limit)d days in arrears.",
            overdue,
        ) % {
            "number": document.number,
            "days": overdue,
            "date": document.due_date.isoformat(),
            "limit": days,
        }
    return reasons


def documents_for_export(*, start: datetime.date, end: datetime.date) -> QuerySet[FeeDocument]:
    """Documents issued in a period, for the bookkeeper, in number order."""
    return (
        FeeDocument.objects.filter(issue_date__gte=start, issue_date__lte=end)
        .select_related("organisation", "corrects")
        .order_by("series", "year", "sequence")
    )


def payments_for_export(*, start: datetime.date, end: datetime.date) -> QuerySet[Payment]:
    """Payments received in a period, with their allocations, for the bookkeeper."""
    return (
        Payment.objects.filter(paid_on__gte=start, paid_on__lte=end)
        .select_related("organisation", "statement_line")
        .prefetch_related("allocations__document")
        .annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO))
        .order_by("paid_on", "pk")
    )
