"""A representative fills in the cluster's survey: saves a draft, comes back, submits; the
coordinator's results count the response."""

import pytest
from playwright.sync_api import expect

from surveys.models import Response
from tests.factories import UserFactory, active_member
from tests.surveys.factories import survey_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_saves_a_draft_then_submits_the_survey(page, log_in):
    coordinator = UserFactory(email="biuro@klaster.example", is_coordinator=True)
    user = UserFactory(email="anna.kowal@stocznia.example", verified_email=True)
    organisation = active_member(user=user, name="Stocznia Północna Sp. z o.o.")
    survey, questions = survey_build(actor=coordinator)

    log_in(user.email)
    page.goto("/en/surveys/")
    page.get_by_role("link", name="Members' needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members' needs")

    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Uwagi").fill("Więcej spotkań B2B.")
    page.get_by_role("button", name="Save a draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    response = Response.objects.get(survey=survey, organisation=organisation)
    assert response.status == Response.Status.DRAFT

    # The draft comes back; the required answers are all given now.
    expect(page.get_by_label("Uwagi")).to_have_value("Więcej spotkań B2B.")
    page.get_by_role("checkbox", name="Eksport").check()
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_label("Zatrudnienie").fill("42")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("your organisation's answers are submitted")).to_be_visible()

    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.count() == 5
    page.goto("/en/surveys/")
    expect(page.get_by_text("submitted on")).to_be_visible()
    assert questions["number"].answers.get().number == 42
