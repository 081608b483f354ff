"""PDF rendering: A4 pages with the cluster's name, page numbers and Polish letters intact."""

import io

import pytest
from pypdf import PdfReader

from core.pdf import pdf_render, sha256_hex

pytestmark = pytest.mark.usefixtures("test_templates")

A4_POINTS = (595.28, 841.89)


def _render(language="pl", paragraphs=("Treść dokumentu.",)):
    content = pdf_render(
        template="pdf/test_document.html",
        context={"title": "Zażółć gęślą jaźń", "paragraphs": paragraphs},
        language=language,
    )
    return content, PdfReader(io.BytesIO(content))


def test_it_renders_a_pdf_with_polish_letters_intact():
    content, reader = _render()

    assert content.startswith(b"%PDF-")
    text = reader.pages[0].extract_text()
    assert "Zażółć gęślą jaźń" in text
    assert "Treść dokumentu." in text


def test_every_page_is_a4_with_the_cluster_name_and_its_page_number():
    _content, reader = _render(paragraphs=["Akapit o współpracy członków klastra."] * 120)

    assert len(reader.pages) > 1
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (
            A4_POINTS
        )
        text = page.extract_text()
        assert "Klaster Demo" in text
        assert f"Strona {number} z {len(reader.pages)}" in text


def test_it_renders_in_the_language_it_is_given_and_names_it_in_the_document():
    _content, reader = _render(language="de")

    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert reader.metadata.title == "Zażółć gęślą jaźń"


def test_the_header_carries_the_configured_cluster_name(settings):
    settings.CLUSTER_NAME = "Pomorski Klaster ICT"

    _content, reader = _render()

    assert "Pomorski Klaster ICT" in reader.pages[0].extract_text()


def test_the_checksum_of_a_document_is_its_sha256_in_hex():
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
