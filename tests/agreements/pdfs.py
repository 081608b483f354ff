"""Small files for upload tests: a minimal valid PDF, things that only pretend to be one, and PDFs
that carry scripts, actions or files, written with pypdf rather than committed as binaries."""

import io

from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def minimal_pdf(padding=0):
    """Return a one-page PDF with a correct cross-reference table; `padding` bytes of comment."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
TEXT = "Porozumienie o współpracy — notatki ze spotkania.\n".encode()


def _written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _one_page():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def clean_pdf():
    """Return a one-page PDF as pypdf writes it, with nothing active in it."""
    return _written(_one_page())


def pdf_with_open_action(action):
    """Return a one-page PDF whose /OpenAction is the `action` dictionary, e.g. a script."""
    writer = _one_page()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject(key): value for key, value in action.items()}
    )
    return _written(writer)


def pdf_with_javascript_on_open(script="app.alert('opened');"):
    return pdf_with_open_action({"/S": NameObject("/JavaScript"), "/JS": TextStringObject(script)})


def pdf_with_launch_on_open(program="cmd.exe"):
    return pdf_with_open_action({"/S": NameObject("/Launch"), "/F": TextStringObject(program)})


def pdf_with_document_javascript():
    """Return a PDF with a script in the document's name tree, run when it opens."""
    writer = _one_page()
    writer.add_open_action(JavaScript("app.alert('opened');"))
    return _written(writer)


def pdf_with_embedded_file():
    writer = _one_page()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    return _written(writer)


def pdf_with_page_javascript():
    """Return a PDF whose page runs a script through its /AA additional actions when shown."""
    writer = _one_page()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert('page');"))
    return _written(writer)
