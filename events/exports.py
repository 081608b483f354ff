"""CSV and XLSX exports of an event's (filtered) registrants, with the answers to its questions."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from members.exports import _spreadsheet_safe

from .forms import answer_display

BASE_HEADERS = [
    _("Number"),
    _("Registered"),
    _("Status"),
    _("First name"),
    _("Last name"),
    _("E-mail"),
    _("Organisation"),
    _("Registrant"),
    _("Language"),
    _("Checked in"),
]


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def export_headers(questions):
    return [str(header) for header in BASE_HEADERS] + [
        str(question.label) for question in questions
    ]


def export_rows(registrations, questions):
    """Yield one list of values per registration, in the order of `export_headers`."""
    for registration in registrations:
        values = [
            registration.sequence,
            _local(registration.registered_at),
            registration.get_status_display(),
            registration.first_name,
            registration.last_name,
            registration.email,
            registration.organisation_name,
            str(_("guest") if registration.person_id is None else _("member")),
            registration.language,
            _local(registration.checked_in_at),
        ]
        values += [
            answer_display(question, registration.answers.get(str(question.pk)))
            for question in questions
        ]
        yield [_spreadsheet_safe(value) for value in values]


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def export_csv(registrations, questions):
    """Return CSV bytes: UTF-8 with a byte-order mark and semicolons, as Excel in Poland reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(export_headers(questions))
    for row in export_rows(registrations, questions):
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(registrations, questions, *, title):
    """Return an XLSX workbook's bytes with a bold, frozen header row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    headers = export_headers(questions)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(header) for header in headers]
    for row in export_rows(registrations, questions):
        sheet.append(row)
        widths = [
            max(width, len(str(value or ""))) for width, value in zip(widths, row, strict=True)
        ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    for column in (2, 10):
        for cell in sheet[get_column_letter(column)][1:]:
            cell.number_format = "yyyy-mm-dd hh:mm"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
