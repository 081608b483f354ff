"""The PDF of the agreement, rendered by a Celery task after each change."""

import io

import pytest
from pypdf import PdfReader

from agreements import services, tasks
from agreements.models import Agreement
from core.page_cache import content_changed

from .factories import make_agreement

pytestmark = pytest.mark.django_db


def _text(agreement):
    agreement.refresh_from_db()
    with agreement.document.open("rb") as document:
        reader = PdfReader(io.BytesIO(document.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_recording_an_agreement_queues_its_pdf_with_title_and_parties(
    partners, django_capture_on_commit_callbacks, private_root
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        agreement = make_agreement(partners=partners, signed_place="Jastrzębie-Zdrój")

    # Besides the page cache's note that content changed, one callback: the PDF's task.
    assert len([callback for callback in callbacks if callback is not content_changed]) == 1
    text = _text(agreement)
    assert "Porozumienie o współpracy międzyklastrowej" in text
    assert "Klaster Demo" in text
    for partner in partners:
        assert partner.name in text
    assert "Jastrzębie-Zdrój" in text
    assert (private_root / agreement.document.name).exists()


def test_the_pdf_is_in_the_language_of_the_agreement(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = make_agreement(language="en", title_en="Business Roaming Agreement")

    text = _text(agreement)
    assert "Business Roaming Agreement" in text
    assert "Parties" in text


def test_a_second_run_for_an_unchanged_agreement_keeps_the_stored_file(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = make_agreement()
    first = Agreement.objects.get(pk=agreement.pk)

    tasks.agreement_document_render.delay(agreement.pk)

    second = Agreement.objects.get(pk=agreement.pk)
    assert second.document_sha256 == first.document_sha256
    assert second.document.name == first.document.name
    assert second.document_rendered_at == first.document_rendered_at


def test_the_task_exits_quietly_when_the_agreement_is_gone():
    assert services.agreement_document_render(agreement_id=987654) is None
    assert tasks.agreement_document_render.delay(987654).successful()


def test_signatures_appear_in_the_pdf_once_recorded(django_capture_on_commit_callbacks):
    agreement = make_agreement(status=Agreement.Status.IN_FORCE)

    services.agreement_document_render(agreement_id=agreement.pk)

    text = _text(agreement)
    assert "Sygnatariusz 0" in text


def _pages(agreement):
    agreement.refresh_from_db()
    with agreement.document.open("rb") as document:
        return [page.extract_text() for page in PdfReader(io.BytesIO(document.read())).pages]


def _signatures_page(agreement, pages):
    """Return the page the "Signatures" heading is on, checking every party signs below it."""
    [number] = [number for number, text in enumerate(pages) if "Podpisy" in text]
    below = pages[number].split("Podpisy", 1)[1]
    for party in agreement.parties.all():
        assert party.name in below, party.name
    return number


def test_a_typical_agreement_fits_on_one_page_with_its_signatures(
    partners, django_capture_on_commit_callbacks
):
    text = "§ 1. Strony współpracują w zakresie promocji, badań i wymiany doświadczeń. " * 3
    with django_capture_on_commit_callbacks(execute=True):
        agreement = make_agreement(
            partners=partners[:3], areas=("communication", "research", "promotion"), text=text
        )

    pages = _pages(agreement)

    assert len(pages) == 1
    assert _signatures_page(agreement, pages) == 0


@pytest.mark.parametrize("paragraphs", [3, 9])
def test_the_signatures_never_stand_alone_on_a_page(
    partners, django_capture_on_commit_callbacks, paragraphs
):
    paragraph = "Strony współpracują w zakresie promocji, badań i wymiany doświadczeń. " * 4
    text = "\n\n".join([paragraph] * paragraphs + ["Ostatni akapit porozumienia."])
    with django_capture_on_commit_callbacks(execute=True):
        agreement = make_agreement(partners=partners, text=text)

    pages = _pages(agreement)
    number = _signatures_page(agreement, pages)

    # The heading, every party and the text's last paragraph share the page.
    assert len(pages) > 1
    assert "Ostatni akapit porozumienia." in pages[number]
