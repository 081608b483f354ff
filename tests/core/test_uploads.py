"""Uploads are judged by content and size: a program or a web page renamed is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from core import uploads
from tests.agreements.pdfs import (
    clean_pdf,
    minimal_pdf,
    pdf_with_document_javascript,
    pdf_with_embedded_file,
    pdf_with_javascript_on_open,
    pdf_with_launch_on_open,
    pdf_with_page_javascript,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
MB = 1024 * 1024


def image(kind="PNG", size=(16, 16)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0b5cad").save(buffer, kind)
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def _refused(validator, file, **kwargs):
    with pytest.raises(ValidationError) as error:
        validator(file, **kwargs)
    return error.value


# --- PDF --------------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted():
    uploads.validate_pdf(upload("proxy.pdf", minimal_pdf()), max_bytes=MB)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("proxy.pdf", EXE, "a Windows program, not a PDF"),
        ("proxy.pdf", HTML, "This file is not a PDF, whatever its name says."),
        ("proxy.pdf", image(), "a PNG image, not a PDF"),
        ("proxy.exe", minimal_pdf(), "must end with .pdf"),
    ],
    ids=["exe-renamed", "html-renamed", "png-renamed", "wrong-name"],
)
def test_a_file_that_is_not_a_pdf_is_refused(name, content, message):
    error = _refused(uploads.validate_pdf, upload(name, content), max_bytes=MB)

    assert message in error.messages[0]


def test_an_oversize_pdf_is_refused():
    error = _refused(
        uploads.validate_pdf, upload("big.pdf", minimal_pdf(padding=4096)), max_bytes=2048
    )

    assert error.code == "too_large"
    assert "it may be at most 2.0\xa0KB" in error.messages[0]


# --- PDFs with active content ------------------------------------------------------------------

ACTIVE_CONTENT = "This PDF contains active content"


def test_a_clean_pdf_written_by_pypdf_is_accepted():
    uploads.validate_pdf(upload("scan.pdf", clean_pdf()), max_bytes=MB)
    uploads.validate_document(upload("scan.pdf", clean_pdf()), max_bytes=MB)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (pdf_with_javascript_on_open(), "JS"),
        (pdf_with_document_javascript(), "JS"),
        (pdf_with_page_javascript(), "JS"),
        (pdf_with_launch_on_open(), "Launch"),
        (pdf_with_embedded_file(), "EmbeddedFile"),
    ],
    ids=["open-action-javascript", "document-javascript", "page-aa-javascript", "launch", "file"],
)
def test_a_pdf_with_active_content_is_refused_with_a_clear_message(content, name):
    for validator in (uploads.validate_pdf, uploads.validate_document):
        error = _refused(validator, upload("scan.pdf", content), max_bytes=MB)

        assert error.code == "active_pdf"
        assert error.messages == [
            f"{ACTIVE_CONTENT} ({name}): scripts, actions that start programs, embedded files "
            "or interactive forms. Such PDFs are refused. Print the document to a new PDF, or "
            "scan it again, and upload that file."
        ]


def test_a_script_behind_hex_escaped_names_is_found():
    content = pdf_with_javascript_on_open()
    # "/#4A#61vaScript" is "/JavaScript" and "/J#53" is "/JS" to a PDF reader.
    hidden = content.replace(b"/JavaScript", b"/#4A#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in hidden and b"/JS " not in hidden

    error = _refused(uploads.validate_pdf, upload("scan.pdf", hidden), max_bytes=MB)

    assert error.code == "active_pdf"


def test_a_pdf_with_an_xml_form_is_refused():
    content = minimal_pdf().replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /XFA [] >> >>",
    )

    assert _refused(uploads.validate_pdf, upload("scan.pdf", content), max_bytes=MB).code == (
        "active_pdf"
    )


def test_a_pdf_that_pypdf_cannot_parse_gets_the_damaged_file_message():
    content = minimal_pdf().replace(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Catalog /Pages 2 0 R (((("
    )

    error = _refused(uploads.validate_pdf, upload("scan.pdf", content), max_bytes=MB)

    assert error.code == "damaged_pdf"
    assert error.messages == [
        "This PDF is damaged or incomplete. Save it again and upload it anew."
    ]


def test_a_password_protected_pdf_is_refused_as_it_cannot_be_checked():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)

    error = _refused(uploads.validate_pdf, upload("scan.pdf", buffer.getvalue()), max_bytes=MB)

    assert error.code == "encrypted_pdf"


# --- Images -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"), [("logo.png", "PNG"), ("logo.jpg", "JPEG"), ("logo.webp", "WEBP")]
)
def test_png_jpeg_and_webp_images_are_accepted(name, kind):
    uploads.validate_image(upload(name, image(kind)), max_bytes=MB)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("logo.png", EXE, "not_image"),
        ("logo.png", HTML, "not_image"),
        ("logo.svg", SVG, "not_image"),
        ("logo.png", image("GIF"), "not_image"),
        ("logo.html", image("PNG"), "wrong_extension"),
        ("logo.png", image("PNG")[:40], "not_image"),
    ],
    ids=["exe", "html", "svg", "gif", "png-named-html", "truncated"],
)
def test_anything_but_a_png_jpeg_or_webp_image_is_refused(name, content, code):
    assert _refused(uploads.validate_image, upload(name, content), max_bytes=MB).code == code


def test_an_oversize_image_is_refused():
    error = _refused(
        uploads.validate_image, upload("logo.png", image(size=(400, 400))), max_bytes=100
    )

    assert error.code == "too_large"


def test_an_image_with_too_many_pixels_is_refused():
    content = image(size=(200, 200))

    error = _refused(
        uploads.validate_image, upload("logo.png", content), max_bytes=MB, max_pixels=100
    )

    assert error.code == "too_many_pixels"


# --- CSV --------------------------------------------------------------------------------------


def test_a_utf8_csv_is_accepted():
    uploads.validate_csv(
        upload("members.csv", "nazwa;NIP\nŻabka;1234563218\n".encode()), max_bytes=MB
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("nazwa;miasto\nŁódź".encode("cp1250"), "not_utf8"),
        (EXE, "not_utf8"),
        (b"a;b\x00\x00", "not_csv"),
        (xlsx(), "not_utf8"),
    ],
    ids=["cp1250", "exe", "binary", "xlsx"],
)
def test_a_file_that_is_not_utf8_text_is_refused(content, code):
    assert _refused(uploads.validate_csv, upload("members.csv", content), max_bytes=MB).code == code


def test_an_oversize_csv_is_refused():
    error = _refused(uploads.validate_csv, upload("members.csv", b"a;b\n" * 1000), max_bytes=1000)

    assert error.code == "too_large"


# --- Attachments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("draft.pdf", minimal_pdf()),
        ("chart.png", image("PNG")),
        ("photo.jpeg", image("JPEG")),
        ("minutes.odt", odt()),
        ("minutes.docx", docx()),
        ("budget.xlsx", xlsx()),
    ],
)
def test_allowed_attachments_are_recognised_by_content(name, content):
    uploads.validate_document(upload(name, content), max_bytes=MB)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("minutes.docx", EXE, "document_kind"),
        ("minutes.pdf", HTML, "document_kind"),
        ("archive.docx", plain_zip(), "document_kind"),
        ("budget.xlsx", docx(), "wrong_extension"),
        ("page.html", minimal_pdf(), "wrong_extension"),
    ],
    ids=["exe-as-docx", "html-as-pdf", "zip-as-docx", "docx-as-xlsx", "pdf-as-html"],
)
def test_other_attachments_are_refused(name, content, code):
    assert _refused(uploads.validate_document, upload(name, content), max_bytes=MB).code == code


def test_an_oversize_attachment_is_refused():
    error = _refused(uploads.validate_document, upload("budget.xlsx", xlsx()), max_bytes=100)

    assert error.code == "too_large"


# --- The forms use them -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_logo_form_refuses_a_web_page_renamed_to_png(client_for, representative):
    from members.forms import OrganisationProfileForm

    organisation = representative.person.organisation
    form = OrganisationProfileForm(
        data={}, files={"logo": upload("logo.png", HTML)}, instance=organisation
    )

    assert not form.is_valid()
    assert "logo" in form.errors


def test_the_import_form_refuses_a_program_renamed_to_csv():
    from members.panel_forms import ImportUploadForm

    form = ImportUploadForm(data={}, files={"file": upload("members.csv", EXE)})

    assert not form.is_valid()
    assert form.errors["file"] == [
        "The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again."
    ]


@pytest.mark.django_db
def test_the_proxy_form_refuses_a_program_renamed_to_pdf(representative):
    from resolutions.forms import ProxyForm

    person = representative.person
    form = ProxyForm(
        data={},
        files={"document": upload("proxy.pdf", EXE)},
        organisation=person.organisation,
        representative=person,
    )

    assert not form.is_valid()
    assert "a Windows program, not a PDF" in form.errors["document"][0]


@pytest.mark.django_db
def test_the_article_form_refuses_an_svg_cover():
    from news.forms import ArticleForm

    form = ArticleForm(data={}, files={"cover": upload("cover.svg", SVG)})

    assert not form.is_valid()
    assert "cover" in form.errors


@pytest.mark.django_db
def test_the_proxy_form_refuses_a_pdf_that_runs_a_script(representative):
    from resolutions.forms import ProxyForm

    person = representative.person
    form = ProxyForm(
        data={},
        files={"document": upload("proxy.pdf", pdf_with_javascript_on_open())},
        organisation=person.organisation,
        representative=person,
    )

    assert not form.is_valid()
    assert ACTIVE_CONTENT in form.errors["document"][0]
