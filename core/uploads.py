"""Check uploaded files by their content and size, whatever their names and browsers claim.

Every upload field of the portal calls one of these validators: PDFs (agreement scans, proxy
documents), images (logos, news covers), CSV imports and resolution attachments. A file's name
decides the Content-Type it is later served with, so its extension must match what it really is:
an HTML page renamed to .png, or a PNG renamed to .html, is refused.

A PDF starts with "%PDF-1.x" and ends with "startxref", the offset of its cross-reference
section, and "%%EOF"; a PNG or a text file renamed to .pdf fails at the first bytes, a truncated
PDF at its end. Office documents are ZIP archives: an OpenDocument text names its type in its
first entry, "mimetype"; a Word or Excel file holds "[Content_Types].xml" and its main part.
"""

import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
PDF_CROSS_REFERENCE = re.compile(rb"(?<!start)xref|\d+\s+\d+\s+obj")
# Some producers write the offset a few bytes off; readers tolerate that, and so do we.
PDF_OFFSET_SLACK = 16
# A PDF's end-of-file marker lies within its last kilobyte (PDF 32000-1, 7.5.5).
PDF_TAIL_BYTES = 1024
# Names that make a PDF act: document scripts and script actions (also inside /OpenAction and the
# /AA additional actions), launching a program, embedded files, Flash-style rich media and XML
# forms. pypdf decodes escaped names, so "/#4A#61vaScript" arrives here as "/JavaScript".
PDF_ACTIVE_NAMES = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
# Dictionaries and arrays visited at most: a scan has a few per page; this bounds a crafted file.
PDF_MAX_CONTAINERS = 200_000

# Known signatures, to tell people what they uploaded instead.
OTHER_KINDS = [
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"PK\x03\x04", _("a ZIP archive or an Office document")),
    (b"\xd0\xcf\x11\xe0", _("an old Office document")),
    (b"{\\rtf", _("an RTF document")),
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a program")),
]

IMAGE_FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "WEBP": (".webp",)}

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# The part that makes an Office Open XML package a Word document or an Excel workbook.
OOXML_MAIN_PARTS = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
# [Content_Types].xml is a few kilobytes; reading more would let a crafted archive inflate.
ZIP_PART_READ_LIMIT = 64 * 1024

# Attachments: the kinds a resolution may carry, and the names they may have.
DOCUMENT_EXTENSIONS = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "odt": (".odt",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
}


def _extension(upload):
    return PurePath(upload.name or "").suffix.lower()


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def validate_max_size(upload, *, max_bytes):
    """Refuse a file larger than `max_bytes`."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def _not_a_pdf(head):
    for signature, kind in OTHER_KINDS:
        if head.startswith(signature):
            return ValidationError(
                _("This file is %(kind)s, not a PDF, whatever its name says."),
                params={"kind": kind},
                code="not_pdf",
            )
    return ValidationError(
        _("This file is not a PDF, whatever its name says."),
        code="not_pdf",
    )


def _damaged_pdf():
    return ValidationError(
        _("This PDF is damaged or incomplete. Save it again and upload it anew."),
        code="damaged_pdf",
    )


def _active_name(reader):
    """Return the first active name in any object of the document, or None.

    Every object the cross-reference sections list is read, whether the document's tree reaches
    it or not, and every dictionary and array inside it, keys and values alike.
    """
    pending = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen = set()
    containers = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, NameObject):
            if item in PDF_ACTIVE_NAMES:
                return str(item)
            continue
        if not isinstance(item, DictionaryObject | ArrayObject):
            continue
        containers += 1
        if containers > PDF_MAX_CONTAINERS:
            raise ValidationError(
                _("This PDF has too many parts to be checked. Save it again and upload it anew."),
                code="pdf_too_complex",
            )
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_NAMES:
                    return str(key)
                pending.append(value)
        else:
            pending.extend(item)
    return None


def check_pdf_active_content(upload):
    """Raise ValidationError if the PDF in `upload` holds scripts, actions or embedded files."""
    try:
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Remove the protection and upload it anew."),
                code="encrypted_pdf",
            )
        found = _active_name(reader)
    except ValidationError:
        raise
    except Exception as error:
        # pypdf meets a malformed file with many kinds of exception; whichever it is, the
        # document cannot be vouched for.
        raise _damaged_pdf() from error
    finally:
        upload.seek(0)
    if found is not None:
        raise ValidationError(
            # Translators: name is the PDF keyword found, such as JS, Launch or EmbeddedFile.
            _(
                "This PDF contains active content (%(name)s): scripts, actions that start "
                "programs, embedded files or interactive forms. Such PDFs are refused. Print the "
                "document to a new PDF, or scan it again, and upload that file."
            ),
            params={"name": found.lstrip("/")},
            code="active_pdf",
        )


def check_pdf_content(upload):
    """Raise ValidationError unless the bytes of `upload` are a complete PDF with no active
    content."""
    try:
        upload.seek(0)
        head = upload.read(PDF_TAIL_BYTES)
        if not PDF_HEADER.match(head):
            raise _not_a_pdf(head)
        upload.seek(max(0, upload.size - PDF_TAIL_BYTES))
        trailer = PDF_TRAILER.search(upload.read(PDF_TAIL_BYTES))
        offset = int(trailer.group(1)) if trailer else -1
        near = b""
        if 0 < offset < upload.size:
            upload.seek(max(0, offset - PDF_OFFSET_SLACK))
            near = upload.read(2 * PDF_OFFSET_SLACK + 16)
        if not PDF_CROSS_REFERENCE.search(near):
            raise _damaged_pdf()
    finally:
        upload.seek(0)
    check_pdf_active_content(upload)


def validate_pdf(upload, *, max_bytes):
    """Accept a PDF named .pdf, judged by its content, of at most `max_bytes`."""
    validate_max_size(upload, max_bytes=max_bytes)
    if _extension(upload) != ".pdf":
        raise ValidationError(
            _("Only PDF files are accepted: the file's name must end with .pdf."),
            code="not_pdf_name",
        )
    check_pdf_content(upload)


def validate_image(upload, *, max_bytes, max_pixels=None):
    """Accept a PNG, JPEG or WebP image that Pillow reads, within the size and pixel limits.

    SVG is refused: it is a document that may carry script, not a picture.
    """
    validate_max_size(upload, max_bytes=max_bytes)
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    not_an_image = ValidationError(
        _("This file is not a PNG, JPEG or WebP image, whatever its name says."),
        code="not_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if kind not in IMAGE_FORMATS:
                raise not_an_image
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image is %(width)s × %(height)s pixels; that is too large."),
                    params={"width": width, "height": height},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_an_image from error
    finally:
        upload.seek(0)
    if _extension(upload) not in IMAGE_FORMATS[kind]:
        raise ValidationError(
            _("The file's name must end with %(extensions)s, as it is a %(kind)s image."),
            params={"extensions": " / ".join(IMAGE_FORMATS[kind]), "kind": kind},
            code="wrong_extension",
        )


def validate_csv(upload, *, max_bytes):
    """Accept a UTF-8 text file of at most `max_bytes`."""
    validate_max_size(upload, max_bytes=max_bytes)
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again."),
            code="not_utf8",
        ) from error
    if "\x00" in text:
        raise ValidationError(
            _("The file is not a CSV text file, whatever its name says."), code="not_csv"
        )


def _office_kind(upload):
    """Return "odt", "docx" or "xlsx" for a ZIP that is such a document, else None."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return "odt"
                return None
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as entry:
                content_types = entry.read(ZIP_PART_READ_LIMIT)
            for kind, (part, content_type) in OOXML_MAIN_PARTS.items():
                if part in names and content_type in content_types:
                    return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def document_kind(upload):
    """Return the kind of an attachment judged by its content (a key of DOCUMENT_EXTENSIONS)."""
    head = _head(upload)
    if PDF_HEADER.match(head):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def validate_document(upload, *, max_bytes):
    """Accept a PDF, PNG, JPEG, ODT, DOCX or XLSX file whose name matches its content."""
    validate_max_size(upload, max_bytes=max_bytes)
    kind = document_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Attach PDF, PNG, JPEG, OpenDocument text, Word (.docx) or Excel (.xlsx) files "
                "only; this file is none of these, whatever its name says."
            ),
            code="document_kind",
        )
    if kind == "pdf":
        check_pdf_content(upload)
    elif kind in ("png", "jpeg"):
        validate_image(upload, max_bytes=max_bytes)
    if _extension(upload) not in DOCUMENT_EXTENSIONS[kind]:
        raise ValidationError(
            _("The file's name must end with %(extensions)s, as that is what the file is."),
            params={"extensions": " / ".join(DOCUMENT_EXTENSIONS[kind])},
            code="wrong_extension",
        )
