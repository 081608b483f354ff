"""The signed scan: PDF only, judged by its content, size-limited; a bad file leaves nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from agreements import services
from agreements.models import Agreement
from agreements.validators import validate_pdf_upload
from core.models import AuditEntry
from core.pdf import sha256_hex

from .factories import make_agreement
from .pdfs import (
    PNG,
    TEXT,
    clean_pdf,
    minimal_pdf,
    pdf_with_embedded_file,
    pdf_with_javascript_on_open,
    pdf_with_launch_on_open,
)

pytestmark = pytest.mark.django_db


def _stored_files(root):
    return sorted(path.name for path in root.rglob("*") if path.is_file())


@pytest.fixture
def agreement():
    return make_agreement(status=Agreement.Status.IN_FORCE)


@pytest.fixture
def upload_url(agreement):
    return reverse("panel_agreements:agreement_scan_upload", args=[agreement.pk])


def test_the_minimal_pdf_of_these_tests_is_a_real_pdf():
    assert len(PdfReader(io.BytesIO(minimal_pdf())).pages) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", TEXT, "Only PDF files are accepted"),
        ("notes.pdf", TEXT, "This file is not a PDF, whatever its name says."),
        ("scan.pdf", PNG, "This file is a PNG image, not a PDF, whatever its name says."),
        ("scan.pdf", b"%PDF-1.4\nnothing else", "This PDF is damaged or incomplete."),
        ("scan.pdf", minimal_pdf()[:-60], "This PDF is damaged or incomplete."),
    ],
    ids=["text-file", "text-renamed-to-pdf", "png-renamed-to-pdf", "header-only", "truncated"],
)
def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_error_and_nothing_is_stored(
    client_for, coordinator, agreement, upload_url, private_root, name, content, message
):
    response = client_for(coordinator).post(
        upload_url.replace("/pl/", "/en/"),
        {"scan": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was stored." in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.scan
    assert agreement.scan_sha256 == ""
    assert not AuditEntry.objects.filter(action="agreement.scan_attached").exists()
    assert [name for name in _stored_files(private_root) if "signed" in name] == []


def test_a_pdf_over_the_size_limit_is_refused_and_nothing_is_stored(
    client_for, coordinator, agreement, upload_url, private_root, settings
):
    settings.AGREEMENT_SCAN_MAX_BYTES = 2048
    content = minimal_pdf(padding=4096)

    response = client_for(coordinator).post(
        upload_url.replace("/pl/", "/en/"), {"scan": SimpleUploadedFile("scan.pdf", content)}
    )

    assert "a scan may be at most 2.0\xa0KB" in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.scan
    assert [name for name in _stored_files(private_root) if "signed" in name] == []


def test_the_service_refuses_a_bad_file_too(agreement):
    with pytest.raises(ValidationError) as error:
        services.agreement_scan_attach(
            agreement=agreement, actor=None, upload=SimpleUploadedFile("x.pdf", PNG)
        )

    assert error.value.code == "not_pdf"
    agreement.refresh_from_db()
    assert not agreement.scan


def test_a_real_pdf_is_stored_privately_with_its_checksum(
    client_for, coordinator, agreement, upload_url, private_root, settings
):
    content = minimal_pdf()

    response = client_for(coordinator).post(
        upload_url, {"scan": SimpleUploadedFile("Skan umowy.PDF", content)}
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.scan_sha256 == sha256_hex(content)
    assert (private_root / agreement.scan.name).read_bytes() == content
    assert not (settings.MEDIA_ROOT / agreement.scan.name).exists()
    entry = AuditEntry.objects.get(action="agreement.scan_attached")
    assert entry.changes["sha256"] == sha256_hex(content)


def test_a_new_scan_replaces_the_old_file(
    agreement, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_scan_attach(
            agreement=agreement, actor=None, upload=SimpleUploadedFile("a.pdf", minimal_pdf())
        )
    first = Agreement.objects.get(pk=agreement.pk).scan.name
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_scan_attach(
            agreement=agreement,
            actor=None,
            upload=SimpleUploadedFile("b.pdf", minimal_pdf(padding=10)),
        )

    second = Agreement.objects.get(pk=agreement.pk).scan.name
    assert second != first
    assert not (private_root / first).exists()
    assert (private_root / second).exists()


def test_the_validator_tolerates_an_offset_a_few_bytes_off_as_pdf_readers_do():
    content = minimal_pdf()
    offset = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    shifted = content.replace(b"startxref\n%d" % offset, b"startxref\n%d" % (offset - 3))

    validate_pdf_upload(SimpleUploadedFile("scan.pdf", shifted))


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (pdf_with_javascript_on_open(), "JS"),
        (pdf_with_launch_on_open(), "Launch"),
        (pdf_with_embedded_file(), "EmbeddedFile"),
    ],
    ids=["open-action-javascript", "launch", "embedded-file"],
)
def test_a_scan_with_active_content_is_refused_with_a_clear_error_and_nothing_is_stored(
    client_for, coordinator, agreement, upload_url, private_root, content, name
):
    response = client_for(coordinator).post(
        upload_url.replace("/pl/", "/en/"), {"scan": SimpleUploadedFile("scan.pdf", content)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"This PDF contains active content ({name})" in page
    assert "Print the document to a new PDF, or scan it again" in page
    assert "Nothing was stored." in page
    agreement.refresh_from_db()
    assert not agreement.scan
    assert not AuditEntry.objects.filter(action="agreement.scan_attached").exists()
    assert [stored for stored in _stored_files(private_root) if "signed" in stored] == []


def test_the_service_refuses_a_scan_that_runs_a_script(agreement):
    with pytest.raises(ValidationError) as error:
        services.agreement_scan_attach(
            agreement=agreement,
            actor=None,
            upload=SimpleUploadedFile("scan.pdf", pdf_with_javascript_on_open()),
        )

    assert error.value.code == "active_pdf"
    agreement.refresh_from_db()
    assert not agreement.scan


def test_a_clean_pdf_written_by_pypdf_is_stored(
    client_for, coordinator, agreement, upload_url, private_root
):
    content = clean_pdf()

    response = client_for(coordinator).post(
        upload_url, {"scan": SimpleUploadedFile("scan.pdf", content)}
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (private_root / agreement.scan.name).read_bytes() == content
