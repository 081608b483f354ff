"""CSV and XLSX exports of the panel's (filtered) member list."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

EXPORT_HEADERS = [
    pgettext_lazy("of a thing", "Name"),
    _("Short name"),
    _("Kind"),
    _("Membership status"),
    _("NIP"),
    _("REGON"),
    _("KRS"),
    _("City"),
    _("Voivodeship"),
    _("Sectors"),
    _("Competences"),
    _("Keywords"),
    _("Primary representative"),
    _("Primary representative's e-mail"),
    _("Joined on"),
]


def export_rows(organisations):
    """Yield one list of values per organisation, in the order of EXPORT_HEADERS.

    Expects sectors and competences prefetched and the primary representative selected, as
    `selectors.organisations_with_competences(selectors.organisations_for_panel())` does.
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
            ", ".join(sorted(str(term.name) for term in organisation.competences.all())),
            organisation.keywords,
            representative.full_name if representative else "",
            representative.email if representative else "",
            organisation.joined_on,
        ]
        yield [spreadsheet_safe(value) for value in values]


def export_csv(organisations):
    return csv_bytes(EXPORT_HEADERS, export_rows(organisations))


def export_xlsx(organisations, *, title):
    return xlsx_bytes(
        EXPORT_HEADERS,
        export_rows(organisations),
        title=title,
        column_formats={len(EXPORT_HEADERS): "yyyy-mm-dd"},
    )
