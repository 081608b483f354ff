"""Check an uploaded scan: a real PDF by its content, whatever its name, and not too large.

The check reads the file's bytes, not the browser's content type: a PDF starts with "%PDF-1.x" and
ends with "startxref", the offset of its cross-reference section, and "%%EOF". A PNG or a text file
renamed to .pdf fails at the first bytes; a truncated PDF fails at its end.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

HEADER = re.compile(rb"%PDF-[12]\.\d")
TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
CROSS_REFERENCE = re.compile(rb"(?<!start)xref|\d+\s+\d+\s+obj")
# Some producers write the offset a few bytes off; readers tolerate that, and so do we.
OFFSET_SLACK = 16
# A PDF's end-of-file marker lies within its last kilobyte (PDF 32000-1, 7.5.5).
TAIL_BYTES = 1024
# Known signatures, to tell people what they uploaded instead.
OTHER_KINDS = [
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"PK\x03\x04", _("a ZIP archive or an Office document")),
    (b"\xd0\xcf\x11\xe0", _("an old Office document")),
    (b"{\\rtf", _("an RTF document")),
]


def _read_ends(upload):
    upload.seek(0)
    head = upload.read(TAIL_BYTES)
    size = upload.size
    upload.seek(max(0, size - TAIL_BYTES))
    tail = upload.read(TAIL_BYTES)
    return head, tail


def _near(upload, offset):
    upload.seek(max(0, offset - OFFSET_SLACK))
    return upload.read(2 * OFFSET_SLACK + 16)


def _not_a_pdf(head):
    for signature, kind in OTHER_KINDS:
        if head.startswith(signature):
            return ValidationError(
                _(
                    "This file is %(kind)s, not a PDF, whatever its name says. "
                    "Upload the scan as PDF."
                ),
                params={"kind": kind},
                code="not_pdf",
            )
    return ValidationError(
        _("This file is not a PDF, whatever its name says. Upload the scan as PDF."),
        code="not_pdf",
    )


def validate_pdf_upload(upload):
    """Raise ValidationError unless `upload` is a PDF, judged by content, within the size limit."""
    limit = settings.AGREEMENT_SCAN_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a scan may be at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Only PDF files are accepted: the file's name must end with .pdf."),
            code="not_pdf_name",
        )
    try:
        head, tail = _read_ends(upload)
        if not HEADER.match(head):
            raise _not_a_pdf(head)
        trailer = TRAILER.search(tail)
        offset = int(trailer.group(1)) if trailer else -1
        if not 0 < offset < upload.size or not CROSS_REFERENCE.search(_near(upload, offset)):
            raise ValidationError(
                _("This PDF is damaged or incomplete. Save the scan again and upload it anew."),
                code="damaged_pdf",
            )
    finally:
        upload.seek(0)
