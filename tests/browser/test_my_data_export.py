"""A member's employee asks for a copy of everything the portal holds about them and downloads
the zip from "My data"."""

import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_a_copy_of_their_data(page, log_in, tmp_path):
    user = UserFactory(email="anna.kowal@stocznia.example", verified_email=True)
    active_member(user=user, name="Stocznia Północna Sp. z o.o.")

    log_in(user.email)
    page.goto("/en/")
    page.get_by_role("link", name="My data").click()
    page.get_by_role("button", name="Prepare a copy of my data").click()
    expect(page.get_by_text("Your copy is being prepared.")).to_be_visible()
    page.reload()  # the task has run by now (eagerly in the tests, by a worker in production)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    saved = tmp_path / "copy.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        data = json.loads(archive.read("data.json"))
    assert user.email in json.dumps(data, ensure_ascii=False)
    assert "Stocznia Północna Sp. z o.o." in json.dumps(data, ensure_ascii=False)
