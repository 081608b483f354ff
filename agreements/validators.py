"""Check an uploaded scan: a real PDF by its content (core.uploads), whatever its name, and not
too large."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_pdf


def validate_pdf_upload(upload):
    """Raise ValidationError unless `upload` is a PDF, judged by content, within the size limit."""
    limit = settings.AGREEMENT_SCAN_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a scan may be at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    validate_pdf(upload, max_bytes=limit)
