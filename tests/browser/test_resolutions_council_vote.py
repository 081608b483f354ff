"""The chair drafts and opens a council vote, two councillors vote, the chair closes it early,
and the downloaded PDF holds the number, the title and the results."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from resolutions.models import Resolution
from tests.factories import CouncilSeatFactory, PersonFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Uchwała w sprawie przyjęcia planu operacyjnego na 2026 rok"


def _council_member(email, *, is_chair=False):
    user = UserFactory(email=email, language="en", verified_email=True)
    person = PersonFactory(organisation=active_member(), user=user, email=email)
    CouncilSeatFactory(person=person, is_chair=is_chair)
    return user


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _vote(page, log_in, user, url, choice):
    log_in(user.email)
    page.goto(url)
    page.get_by_role("group", name="Your vote").get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Cast my vote").click()
    page.wait_for_url(f"**{url}")
    assert page.get_by_text(f"Your current vote: {choice}.").is_visible()
    _log_out(page)


def test_the_chair_runs_a_council_vote_to_an_adopted_resolution_pdf(
    page, log_in, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    call_command("seed_governance", stdout=io.StringIO())
    chair = _council_member("chair@example.com", is_chair=True)
    first = _council_member("first@example.com")
    second = _council_member("second@example.com")

    log_in(chair.email)
    page.goto("/en/resolutions/")
    page.get_by_role("link", name="Draft a resolution").click()
    page.get_by_label("Body").select_option(label="Cluster Council")
    page.get_by_label("Title (Polish)").fill(TITLE)
    page.get_by_label("Content (Polish)").fill("§ 1. Przyjmuje się plan operacyjny na 2026 rok.")
    page.get_by_label("Legal basis").fill("§ 12 ust. 3 Regulaminu Klastra")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("link", name="Open the vote").click()
    page.get_by_role("button", name="Open the vote").click()
    page.wait_for_load_state()
    resolution = Resolution.objects.get()
    assert resolution.status == Resolution.Status.OPEN
    url = resolution.get_absolute_url().replace("/pl/", "/en/")
    assert page.get_by_text(f"Resolution no. {resolution.number_display}").is_visible()
    _log_out(page)

    _vote(page, log_in, first, url, "for")
    _vote(page, log_in, second, url, "for")

    log_in(chair.email)
    page.goto(url)
    page.get_by_role("button", name="Close the vote now").click()
    page.wait_for_url(f"**{url}")
    outcome = page.get_by_role("region", name="Outcome")
    assert outcome.get_by_text("adopted", exact=True).is_visible()
    # Why it is adopted: the quorum required and reached, the majority rule and whether it was met.
    results = outcome.inner_text()
    assert "Quorum required" in results
    assert "Quorum reached\tyes (2 took part)" in results
    assert "Majority required\tsimple majority: more votes for than against" in results
    assert "Majority met\tyes (2 for, 0 against, 0 abstained)" in results
    assert "The quorum was reached and the majority was met: the resolution is adopted." in results
    resolution.refresh_from_db()
    assert outcome.get_by_text(resolution.pdf_sha256).is_visible()

    with page.expect_download() as download_info:
        outcome.get_by_role("link", name="Download the resolution (PDF)").click()
    reader = PdfReader(download_info.value.path())
    text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert resolution.number_display in text
    assert TITLE in re.sub(r"\s+", " ", text)
    with translation.override(settings.LANGUAGE_CODE):
        in_favour, against, outcome_label = gettext("For"), gettext("Against"), gettext("adopted")
    assert re.search(rf"{in_favour}\s+2", text)
    assert re.search(rf"{against}\s+0", text)
    assert outcome_label in text
    with translation.override(settings.LANGUAGE_CODE):
        quorum, majority = gettext("Quorum reached"), gettext("Majority met")
    flat = re.sub(r"\s+", " ", text)
    assert quorum in flat
    assert majority in flat
