"""Importing members from a CSV file: upload, preview, confirm."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.panel import panel_render

from .. import imports
from ..models import Organisation, Sector
from ..panel_forms import (
    ImportConfirmForm,
    ImportUploadForm,
)
from .common import (
    IMPORT_PREVIEW_MAX_AGE,
    IMPORT_SIGNING_SALT,
)


def _import_context(rows, payload=None):
    errors = [error for row in rows for error in row.errors]
    return {
        "rows": rows,
        "errors": errors,
        "active_count": sum(1 for row in rows if row.becomes_active),
        "applicant_count": sum(1 for row in rows if row.cleaned and not row.becomes_active),
        "confirm_form": ImportConfirmForm(initial={"payload": payload}) if payload else None,
    }


def _import_reference():
    return {
        "columns": [
            (
                column,
                imports.ImportRowForm.base_fields[column].label,
                column in imports.REQUIRED_COLUMNS,
            )
            for column in imports.IMPORT_COLUMNS
        ],
        "kinds": Organisation.Kind.choices,
        "voivodeships": Organisation._meta.get_field("voivodeship").choices,
        "sectors": Sector.objects.order_by("name"),
    }


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_import(request):
    """Step 1, the upload, and step 2, the preview of every row with its errors."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            rows = imports.rows_from_csv(content)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            has_errors = any(row.errors for row in rows)
            # The server signs what it checked, so the confirmation cannot swap in other data;
            # it is checked again all the same, as the database may have changed meanwhile.
            payload = (
                None
                if has_errors
                else signing.dumps(
                    content.decode("utf-8-sig"), salt=IMPORT_SIGNING_SALT, compress=True
                )
            )
            return panel_render(
                request, "import_preview.html", _import_context(rows, payload), section="members"
            )
    return panel_render(
        request, "import_upload.html", {"form": form, **_import_reference()}, section="members"
    )


def _signed_import_text(form):
    """Return the CSV text the preview signed, or None when it is missing, forged or too old."""
    if not form.is_valid():
        return None
    try:
        return signing.loads(
            form.cleaned_data["payload"], salt=IMPORT_SIGNING_SALT, max_age=IMPORT_PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None


@coordinator_required
@require_POST
def member_import_confirm(request):
    """Step 3: check the signed file again and import every row, or nothing."""
    text = _signed_import_text(ImportConfirmForm(request.POST))
    if text is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("panel:member_import")
    try:
        rows = imports.rows_from_csv(text.encode("utf-8"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("panel:member_import")
    if not any(row.errors for row in rows):
        try:
            organisations = imports.organisations_import(actor=request.user, rows=rows)
        except ValidationError as error:
            context = _import_context(rows)
            context["errors"] = error.messages
            return panel_render(
                request, "import_preview.html", context, section="members", status=400
            )
        count = len(organisations)
        messages.success(
            request,
            ngettext(
                "%(count)s organisation was imported.",
                "%(count)s organisations were imported.",
                count,
            )
            % {"count": count},
        )
        return redirect("panel:member_list")
    return panel_render(
        request, "import_preview.html", _import_context(rows), section="members", status=400
    )


@coordinator_required
@require_safe
def member_import_template(request):
    header = ";".join(imports.IMPORT_COLUMNS)
    response = HttpResponse(f"\ufeff{header}\r\n".encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="members-import-template.csv"'
    return response
