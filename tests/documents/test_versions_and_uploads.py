"""Versions keep the old files; uploads are judged by content and size; downloads are attachments
of the right type that a browser must not sniff."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from documents import services
from documents.models import Document, DocumentVersion, Folder
from tests.agreements.pdfs import (
    clean_pdf,
    pdf_with_embedded_file,
    pdf_with_javascript_on_open,
    pdf_with_launch_on_open,
)

from .factories import docx_bytes, make_document, make_folder, pdf_upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def folder(coordinator):
    return make_folder(coordinator, title="Statut", access=Folder.Access.MEMBERS)


def test_a_new_version_becomes_current_and_the_old_ones_stay_downloadable(
    coordinator, employee, folder, client_for
):
    document = make_document(coordinator, folder, title="Regulamin")
    first = DocumentVersion.objects.get(document=document)
    second = services.version_add(
        document=document,
        upload=SimpleUploadedFile("regulamin.docx", docx_bytes()),
        note="Poprawki po walnym",
        actor=coordinator,
    )
    first.refresh_from_db()
    assert (first.number, first.is_current) == (1, False)
    assert (second.number, second.is_current, second.kind) == (2, True, "docx")

    client = client_for(employee)
    page = client.get(f"/en/documents/{document.pk}/").content.decode()
    assert "Poprawki po walnym" in page and "regulamin.docx" in page and "dokument.pdf" in page
    old = client.get(f"/en/documents/versions/{first.pk}/download/")
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == clean_pdf()
    new = client.get(f"/en/documents/versions/{second.pk}/download/")
    assert new["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert [v.pk for v in document.versions.all()] == [second.pk, first.pk]
    assert AuditEntry.objects.filter(action="documents.version_added").count() == 2


def test_a_download_is_an_attachment_of_its_own_type_never_sniffed(
    coordinator, employee, folder, client_for
):
    document = make_document(
        coordinator, folder, upload=pdf_upload('"Uchwała"; x=.pdf'), title="Uchwała"
    )
    version = document.versions.get()
    response = client_for(employee).get(f"/en/documents/versions/{version.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # The stored name is cleaned: no quotes or semicolons reach the header's parameters.
    assert version.filename.endswith(".pdf")
    assert '"' not in version.filename and ";" not in version.filename


HOSTILE = [
    ("program.pdf", EXE, "document_kind"),
    ("page.png", HTML, "document_kind"),
    ("picture.svg", SVG, "document_kind"),
    ("script.pdf", pdf_with_javascript_on_open(), "active_pdf"),
    ("launch.pdf", pdf_with_launch_on_open(), "active_pdf"),
    ("embedded.pdf", pdf_with_embedded_file(), "active_pdf"),
    ("word.pdf", docx_bytes(), "wrong_extension"),
    ("truncated.pdf", clean_pdf()[:-40], "damaged_pdf"),
]


@pytest.mark.parametrize(("name", "content", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_and_nothing_is_stored(
    coordinator, folder, name, content, code, private_root
):
    with pytest.raises(ValidationError) as caught:
        make_document(coordinator, folder, upload=SimpleUploadedFile(name, content))
    assert [error.code for error in caught.value.error_dict["file"]] == [code]
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not any(path.is_file() for path in private_root.rglob("*"))


def test_a_file_over_the_size_cap_is_refused(coordinator, folder, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        make_document(coordinator, folder, upload=pdf_upload(content=clean_pdf() + b" " * 2048))
    assert caught.value.error_dict["file"][0].code == "too_large"


def test_the_panel_upload_form_shows_why_a_file_is_refused(client_for, coordinator, folder):
    response = client_for(coordinator).post(
        f"/en/panel/documents/folders/{folder.pk}/upload/",
        {"title_pl": "Skrypt", "file": SimpleUploadedFile("s.pdf", pdf_with_javascript_on_open())},
    )
    assert response.status_code == 200
    assert "This PDF contains active content (JS)" in response.content.decode()
    assert not Document.objects.exists()


def test_a_new_version_with_a_hostile_file_keeps_the_current_one(coordinator, folder):
    document = make_document(coordinator, folder)
    with pytest.raises(ValidationError):
        services.version_add(
            document=document, upload=SimpleUploadedFile("x.pdf", EXE), actor=coordinator
        )
    assert list(document.versions.values_list("number", "is_current")) == [(1, True)]
