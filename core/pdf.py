"""Render PDFs from templates with WeasyPrint, in a given language. Call it from Celery tasks."""

import hashlib
import os

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def pdf_render(*, template, context, language=None):
    """Return the PDF bytes of an HTML template rendered in `language`."""
    from weasyprint import HTML  # imported here: WeasyPrint loads native libraries on import

    # A stored document is replaced only when its digest changes, so the same input must give the
    # same bytes. Without HarfBuzz's subsetter WeasyPrint subsets fonts with fontTools, which stamps
    # each subset with the current time unless SOURCE_DATE_EPOCH fixes it (reproducible builds).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

    language = language or settings.LANGUAGE_CODE
    context = {"cluster_name": settings.CLUSTER_NAME, **context}
    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def sha256_hex(content):
    """Return the SHA-256 of bytes as hex, shown beside downloadable documents."""
    return hashlib.sha256(content).hexdigest()
