"""CSV and XLSX exports for the bookkeeper: the documents issued and the payments received in a
period (core/spreadsheets.py: Excel with Polish settings, formulas defused)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

DOCUMENT_HEADERS = [
    _("Number"),
    _("Type"),
    _("Corrects"),
    _("Issue date"),
    _("Date of supply"),
    _("Due date"),
    _("Buyer"),
    _("NIP"),
    _("Net"),
    _("VAT"),
    _("Gross"),
    _("Paid"),
    _("Currency"),
    _("Status"),
    _("KSeF number"),
]
PAYMENT_HEADERS = [
    _("Paid on"),
    _("Amount"),
    _("Currency"),
    _("Organisation"),
    _("NIP"),
    _("Payer"),
    _("Payer's account"),
    _("Transfer title"),
    _("Source"),
    _("Bank reference"),
    _("Allocated to"),
    _("Allocated"),
    _("Credit"),
]
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def _csv_value(value):
    """CSV for Excel with Polish settings: a decimal comma, dates as year-month-day."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def document_rows(documents):
    for document in documents:
        values = [
            document.number,
            document.get_kind_display(),
            document.corrects.number if document.corrects else "",
            document.issue_date,
            document.sale_date,
            document.due_date,
            document.buyer_name,
            document.buyer_nip,
            document.net_total,
            document.vat_total,
            document.gross_total,
            document.paid_total,
            document.currency,
            document.get_status_display(),
            document.ksef_reference,
        ]
        yield [spreadsheet_safe(value) for value in values]


def payment_rows(payments):
    for payment in payments:
        line = payment.statement_line
        values = [
            payment.paid_on,
            payment.amount,
            payment.currency,
            payment.organisation.name if payment.organisation else "",
            payment.organisation.nip if payment.organisation else "",
            payment.payer_name,
            payment.payer_account,
            payment.title,
            payment.get_source_display(),
            line.bank_reference if line else "",
            ", ".join(allocation.document.number for allocation in payment.allocations.all()),
            payment.allocated,
            payment.amount - payment.allocated,
        ]
        yield [spreadsheet_safe(value) for value in values]


def export_bytes(kind, rows_of, *, fmt, title):
    """Return (content, content type, extension) of an export of `kind` in CSV or XLSX."""
    headers = DOCUMENT_HEADERS if kind == "documents" else PAYMENT_HEADERS
    rows = document_rows(rows_of) if kind == "documents" else payment_rows(rows_of)
    if fmt == "xlsx":
        if kind == "documents":
            formats = {4: DATE_FORMAT, 5: DATE_FORMAT, 6: DATE_FORMAT}
            formats.update(dict.fromkeys((9, 10, 11, 12), MONEY_FORMAT))
        else:
            formats = {1: DATE_FORMAT, 2: MONEY_FORMAT, 12: MONEY_FORMAT, 13: MONEY_FORMAT}
        content = xlsx_bytes(headers, rows, title=title, column_formats=formats)
        return (
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    return csv_bytes(headers, rows, cell=_csv_value), "text/csv; charset=utf-8", "csv"
