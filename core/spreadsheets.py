"""CSV and XLSX files as the cluster office opens them: in Excel, with Polish regional settings."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses sheet titles over 31 characters.
SHEET_TITLE_MAX = 31
COLUMN_WIDTH_MAX = 60


def spreadsheet_safe(value):
    """Keep text that looks like a formula from running in a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_bytes(headers, rows, *, cell=lambda value: "" if value is None else value):
    """Return UTF-8 CSV with a byte-order mark, semicolon-separated.

    The mark makes Excel read Polish letters correctly, and Excel with Polish regional settings
    splits columns on semicolons, not commas.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(header) for header in headers])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers, rows, *, title, column_formats=None):
    """Return a workbook with a bold, frozen header row and columns as wide as their content.

    `column_formats` maps 1-based column numbers to Excel number formats (dates, say).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:SHEET_TITLE_MAX]
    headers = [str(header) for header in headers]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(header) for header in headers]
    for row in rows:
        sheet.append(row)
        widths = [
            max(width, len(str(value or ""))) for width, value in zip(widths, row, strict=True)
        ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, COLUMN_WIDTH_MAX)
    for column, number_format in (column_formats or {}).items():
        for cell in sheet[get_column_letter(column)][1:]:
            cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
