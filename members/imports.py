"""Import organisations from a CSV file: read it, check every row, then register all or nothing.

A row with a representative becomes an active member with that person as its primary
representative; a row without one becomes an applicant, to be approved in the panel.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import IdentifierCleaningMixin, OrganisationForm
from .models import (
    ORGANISATION_CONTACT_FIELDS,
    ORGANISATION_IDENTITY_FIELDS,
    Organisation,
    Sector,
)

ORGANISATION_COLUMNS = [*ORGANISATION_IDENTITY_FIELDS, *ORGANISATION_CONTACT_FIELDS]
REPRESENTATIVE_COLUMNS = {
    "representative_first_name": "first_name",
    "representative_last_name": "last_name",
    "representative_email": "email",
}
IMPORT_COLUMNS = [*ORGANISATION_COLUMNS, "sectors", *REPRESENTATIVE_COLUMNS]
REQUIRED_COLUMNS = ["name", "kind", "nip", "city", "voivodeship"]
SECTOR_SEPARATOR = "|"
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 2000
# Spreadsheets number the header as row 1, so the first organisation is on row 2.
FIRST_ROW_NUMBER = 2


class ImportRowForm(IdentifierCleaningMixin, forms.ModelForm):
    """One CSV row, checked like an organisation typed into the panel."""

    nip = OrganisationForm.base_fields["nip"]
    regon = OrganisationForm.base_fields["regon"]
    krs = OrganisationForm.base_fields["krs"]
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    sectors = forms.CharField(label=_("Sectors"), required=False)
    representative_first_name = forms.CharField(
        label=_("Representative's first name"), max_length=100, required=False
    )
    representative_last_name = forms.CharField(
        label=_("Representative's last name"), max_length=100, required=False
    )
    representative_email = forms.EmailField(label=_("Representative's e-mail"), required=False)

    class Meta:
        model = Organisation
        fields = ORGANISATION_COLUMNS
        labels = {"email": _("Organisation's e-mail"), "phone": _("Organisation's phone")}

    def __init__(self, *args, sectors_by_slug, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors_by_slug = sectors_by_slug

    def clean_sectors(self):
        slugs = [
            slug.strip().lower()
            for slug in self.cleaned_data["sectors"].split(SECTOR_SEPARATOR)
            if slug.strip()
        ]
        unknown = [slug for slug in slugs if slug not in self.sectors_by_slug]
        if unknown:
            raise ValidationError(
                _("Unknown sector: %(slugs)s. Use the slugs listed on the import page."),
                params={"slugs": ", ".join(unknown)},
                code="unknown_sector",
            )
        return [self.sectors_by_slug[slug] for slug in dict.fromkeys(slugs)]

    def clean(self):
        cleaned = super().clean()
        given = [column for column in REPRESENTATIVE_COLUMNS if self.data.get(column, "").strip()]
        if given:
            for column in REPRESENTATIVE_COLUMNS:
                if column not in given and column not in self.errors:
                    self.add_error(
                        column,
                        ValidationError(
                            _("Give the representative's first name, last name and e-mail."),
                            code="incomplete_representative",
                        ),
                    )
        return cleaned

    def import_data(self):
        """Return what `organisations_import` takes for this row."""
        cleaned = self.cleaned_data
        representative = {
            person_field: cleaned[column] for column, person_field in REPRESENTATIVE_COLUMNS.items()
        }
        return {
            "data": {column: cleaned[column] for column in ORGANISATION_COLUMNS},
            "sectors": cleaned["sectors"],
            "representative_data": representative if all(representative.values()) else None,
        }


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)
    cleaned: dict | None = None

    @property
    def becomes_active(self):
        return bool(self.cleaned and self.cleaned["representative_data"])


def _file_error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def read_rows(content):
    """Split CSV bytes into rows keyed by column; raise ValidationError when the file is unusable.

    The file is UTF-8 with or without a byte-order mark; the delimiter, a semicolon or a comma,
    is whichever the header line uses more.
    """
    if len(content) > MAX_IMPORT_BYTES:
        raise _file_error(
            _("The file is larger than %(size)s kB."), "too_large", size=MAX_IMPORT_BYTES // 1024
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."),
            "not_utf8",
        ) from error
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    if not header_line:
        raise _file_error(_("The file is empty."), "empty")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = []
    for record in reader:
        if any(cell.strip() for cell in record):
            header = [cell.strip().lower() for cell in record]
            break
    unknown = [column for column in header if column not in IMPORT_COLUMNS]
    if unknown:
        raise _file_error(
            _("Unknown columns: %(columns)s. Use the column names of the template."),
            "unknown_columns",
            columns=", ".join(unknown),
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise _file_error(
            _("Required columns are missing: %(columns)s."),
            "missing_columns",
            columns=", ".join(missing),
        )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise _file_error(
            _("Columns appear more than once: %(columns)s."),
            "repeated_columns",
            columns=", ".join(repeated),
        )
    rows = []
    for number, record in enumerate(reader, start=FIRST_ROW_NUMBER):
        if not any(cell.strip() for cell in record):
            continue
        values = dict.fromkeys(IMPORT_COLUMNS, "")
        values.update({column: cell.strip() for column, cell in zip(header, record, strict=False)})
        row = ImportRow(number=number, values=values)
        if len(record) > len(header):
            row.errors.append(
                gettext("Row %(row)s: it has more values than the header has columns.")
                % {"row": number}
            )
        rows.append(row)
    if not rows:
        raise _file_error(_("The file has a header but no organisations."), "no_rows")
    if len(rows) > MAX_IMPORT_ROWS:
        raise _file_error(
            _("The file has more than %(limit)s organisations; split it into smaller files."),
            "too_many_rows",
            limit=MAX_IMPORT_ROWS,
        )
    return rows


def _row_error(row, form, column, message):
    if column is None:
        return gettext("Row %(row)s: %(message)s") % {"row": row.number, "message": message}
    return gettext("Row %(row)s: %(field)s: %(message)s") % {
        "row": row.number,
        "field": form.fields[column].label,
        "message": message,
    }


def validate_rows(rows):
    """Check every row as the panel checks an organisation, and against the other rows.

    Fills each row's `errors` (translated sentences that name the row) and, for a good row,
    its `cleaned` data. Returns the rows.
    """
    sectors_by_slug = {sector.slug: sector for sector in Sector.objects.all()}
    first_row_with = {"nip": {}, "regon": {}}
    for row in rows:
        form_values = dict(row.values)
        for column in ("kind", "voivodeship"):
            form_values[column] = form_values[column].lower()
        form = ImportRowForm(data=form_values, sectors_by_slug=sectors_by_slug)
        valid = form.is_valid()
        for column in [NON_FIELD_ERRORS, *IMPORT_COLUMNS]:
            target = None if column == NON_FIELD_ERRORS else column
            row.errors.extend(
                _row_error(row, form, target, error) for error in form.errors.get(column, [])
            )
        for column in ("nip", "regon"):
            value = form.cleaned_data.get(column)
            if not value:
                continue
            earlier = first_row_with[column].setdefault(value, row.number)
            if earlier != row.number:
                row.errors.append(
                    _row_error(
                        row,
                        form,
                        column,
                        gettext("The same number is already in row %(row)s.") % {"row": earlier},
                    )
                )
        if valid and not row.errors:
            row.cleaned = form.import_data()
    return rows


def rows_from_csv(content):
    """Read and check a CSV file; raise ValidationError when the file itself is unusable."""
    return validate_rows(read_rows(content))


@transaction.atomic
def organisations_import(*, actor, rows):
    """Register every checked row, or nothing when one fails.

    `rows` are `ImportRow`s whose `cleaned` data is set. Each organisation is audit-logged as
    imported; an error names its row.
    """
    organisations = []
    for row in rows:
        status = (
            Organisation.Status.ACTIVE
            if row.cleaned["representative_data"]
            else Organisation.Status.APPLICANT
        )
        try:
            organisation = services.organisation_register(
                actor=actor,
                data=row.cleaned["data"],
                sectors=row.cleaned["sectors"],
                status=status,
                representative_data=row.cleaned["representative_data"],
                audit_action="organisation.imported",
            )
        except ValidationError as error:
            raise ValidationError(
                [
                    gettext("Row %(row)s: %(message)s") % {"row": row.number, "message": message}
                    for message in error.messages
                ]
            ) from error
        organisations.append(organisation)
    return organisations
