"""The cluster office uploads the strategy to the members' folder; a member finds it under
"Documents" and downloads it; after logging out, the folder is not there for a visitor."""

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.agreements.pdfs import clean_pdf
from tests.documents.factories import make_folder
from tests.factories import UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_uploads_and_a_member_downloads_from_the_library(page, log_in, tmp_path):
    coordinator = UserFactory(
        email="biuro@klaster.example", is_coordinator=True, verified_email=True
    )
    member = UserFactory(email="anna.kowal@stocznia.example", verified_email=True)
    active_member(user=member, name="Stocznia Północna Sp. z o.o.")
    folder = make_folder(coordinator, title="Dokumenty członków")
    strategy = tmp_path / "strategia-2027.pdf"
    strategy.write_bytes(clean_pdf())

    log_in(coordinator.email)
    page.goto(f"/en/panel/documents/folders/{folder.pk}/upload/")
    page.get_by_label("Title (Polish)").fill("Strategia klastra 2027")
    page.get_by_label("Title (English)").fill("Cluster strategy 2027")
    page.get_by_label("File").set_input_files(str(strategy))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cluster strategy 2027")
    assert Document.objects.get().folder == folder
    page.get_by_role("button", name="Log out").click()

    log_in(member.email)
    page.goto("/en/")
    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_role("link", name="Dokumenty członków").click()
    row = page.get_by_role("row", name="Cluster strategy 2027")
    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == strategy.read_bytes()
    page.get_by_role("button", name="Log out").click()

    # A visitor sees neither the members' folder nor, at its address, anything of it.
    page.goto("/en/documents/")
    expect(page.get_by_role("link", name="Dokumenty członków")).to_have_count(0)
    answer = page.goto(f"/en/documents/folders/{folder.pk}/")
    assert answer.status == 404
