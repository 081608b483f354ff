"""CSV and XLSX exports of the panel's (filtered) member list."""

import csv
import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_HEADERS = [
    _("Name"),
    _("Short name"),
    _("Kind"),
    _("Membership status"),
    _("NIP"),
    _("REGON"),
    _("KRS"),
    _("City"),
    _("Voivodeship"),
    _("Sectors"),
    _("Primary representative"),
    _("Primary representative's e-mail"),
    _("Joined on"),
]


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    """Keep text that looks like a formula from running in a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def export_rows(organisations):
    """Yield one list of values per organisation, in the order of EXPORT_HEADERS.

    Expects sectors prefetched and the primary representative selected, as
    `selectors.organisations_for_panel()` does.
    """
    for organisation in organisations:
        representative = organisation.primary_representative
        values = [
            organisation.name,
            organisation.short_name,
            organisation.get_kind_display(),
            organisation.get_status_display(),
            organisation.nip_display,
            organisation.regon,
            organisation.krs,
            organisation.city,
            organisation.get_voivodeship_display(),
            ", ".join(sector.name for sector in organisation.sectors.all()),
            representative.full_name if representative else "",
            representative.email if representative else "",
            organisation.joined_on,
        ]
        yield [_spreadsheet_safe(value) for value in values]


def export_csv(organisations):
    """Return the list as CSV bytes: UTF-8 with a byte-order mark, semicolon-separated.

    The mark makes Excel read Polish letters correctly, and Excel with Polish regional settings
    splits columns on semicolons, not commas.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(header) for header in EXPORT_HEADERS])
    for row in export_rows(organisations):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(organisations, *, title):
    """Return the list as an XLSX workbook's bytes, with a bold, frozen header row."""
    workbook = Workbook()
    sheet = workbook.active
    # Excel refuses sheet titles over 31 characters.
    sheet.title = str(title)[:31]
    sheet.append([str(header) for header in EXPORT_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(header)) for header in EXPORT_HEADERS]
    for row in export_rows(organisations):
        sheet.append(row)
        widths = [
            max(width, len(str(value or ""))) for width, value in zip(widths, row, strict=True)
        ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    for cell in sheet[get_column_letter(len(EXPORT_HEADERS))][1:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
