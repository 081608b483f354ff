"""CSV and XLSX exports of an event's (filtered) registrants, with the answers to its questions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

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
        yield [spreadsheet_safe(value) for value in values]


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def export_csv(registrations, questions):
    return csv_bytes(
        export_headers(questions), export_rows(registrations, questions), cell=_csv_value
    )


def export_xlsx(registrations, questions, *, title):
    return xlsx_bytes(
        export_headers(questions),
        export_rows(registrations, questions),
        title=title,
        column_formats={2: "yyyy-mm-dd hh:mm", 10: "yyyy-mm-dd hh:mm"},
    )
