"""CSV and XLSX exports of joint purchases: one purchase's commitments, and the coordinator's
list of every purchase with its total."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

COMMITMENT_HEADERS = [
    _("Organisation"),
    _("NIP"),
    _("Committed by"),
    _("E-mail"),
    _("Quantity"),
    _("Unit"),
    _("Note"),
    _("Joined"),
    _("Last changed"),
]
PURCHASE_HEADERS = [
    _("Joint purchase"),
    _("Organiser"),
    _("Status"),
    _("Deadline"),
    _("Unit"),
    _("Quantity sought"),
    _("Total committed"),
    _("Participants"),
    _("Closed"),
    _("Outcome"),
]
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def plain_quantity(value):
    """A quantity as text without trailing zeros or an exponent: Decimal("12.500") is "12.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _csv_value(value):
    """CSV for Excel with Polish settings: decimal comma, dates as year-month-day."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_quantity(value).replace(".", ",")
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def commitment_rows(post, commitments):
    for commitment in commitments:
        values = [
            commitment.organisation.name,
            commitment.organisation.nip,
            commitment.person.full_name,
            commitment.person.email,
            commitment.quantity,
            post.purchase_unit,
            commitment.note,
            _local(commitment.created_at),
            _local(commitment.updated_at),
        ]
        yield [spreadsheet_safe(value) for value in values]


def commitments_csv(post, commitments):
    return csv_bytes(COMMITMENT_HEADERS, commitment_rows(post, commitments), cell=_csv_value)


def commitments_xlsx(post, commitments, *, title):
    return xlsx_bytes(
        COMMITMENT_HEADERS,
        commitment_rows(post, commitments),
        title=title,
        column_formats={8: DATETIME_FORMAT, 9: DATETIME_FORMAT},
    )


def purchase_rows(posts):
    for post in posts:
        values = [
            post.title,
            post.organisation.name,
            post.get_status_display(),
            post.valid_until,
            post.purchase_unit,
            post.purchase_target_quantity,
            post.committed_total or Decimal("0"),
            post.participants,
            _local(post.closed_at),
            post.outcome,
        ]
        yield [spreadsheet_safe(value) for value in values]


def purchases_csv(posts):
    return csv_bytes(PURCHASE_HEADERS, purchase_rows(posts), cell=_csv_value)


def purchases_xlsx(posts, *, title):
    return xlsx_bytes(
        PURCHASE_HEADERS,
        purchase_rows(posts),
        title=title,
        column_formats={4: DATE_FORMAT, 9: DATETIME_FORMAT},
    )
