"""Reads of the fees app.

Sections: billing (profile, schedules, runs, documents) here; payments, statements, reminders and
arrears below their own heading.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import translation

from accounts.models import User
from members.models import Organisation

from .amounts import ZERO
from .models import (
    BillingProfile,
    BillingRun,
    BillingRunItem,
    DocumentKind,
    FeeDocument,
    FeeSchedule,
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
