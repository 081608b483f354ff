"""A coordinator finds a member, edits it and suspends it; the directory and the trail follow."""

import pytest

from members.models import Organisation
from tests.factories import SectorFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_suspends_a_member_found_by_search_and_filter(page, log_in):
    ict = SectorFactory(name="ICT", name_pl="ICT", slug="ict")
    target = active_member(name="Morska Informatyka Sp. z o.o.", slug="morska-informatyka")
    target.sectors.add(ict)
    active_member(name="Morska Logistyka S.A.", slug="morska-logistyka")
    coordinator = UserFactory(
        email="biuro@klaster.example", is_coordinator=True, verified_email=True
    )
    page.goto("/en/members/")
    assert page.get_by_role("link", name="Morska Informatyka Sp. z o.o.").is_visible()

    log_in(coordinator.email)
    page.get_by_role("link", name="Panel").click()
    page.get_by_role("navigation", name="Coordinator panel").get_by_role(
        "link", name="Members"
    ).click()
    filters = page.locator("#main").get_by_role("search")
    filters.get_by_label("Search").fill("Morska")
    filters.get_by_label("Sector").select_option(label="ICT")
    filters.get_by_role("button", name="Show").click()
    results = page.locator("table.member-table tbody")
    assert results.get_by_role("rowheader").all_inner_texts() == [
        "Morska Informatyka Sp. z o.o.\nICT"
    ]

    results.get_by_role("link", name="Morska Informatyka Sp. z o.o.").click()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Phone").fill("+48 58 123 45 67")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/panel/members/{target.pk}/")
    assert page.get_by_text("+48 58 123 45 67").is_visible()

    page.get_by_role("link", name="Change status").click()
    page.get_by_label("New status").select_option("suspended")
    page.get_by_label("Reason").fill("Unpaid membership fee for 2026.")
    page.get_by_role("button", name="Change the status").click()
    page.wait_for_url(f"**/panel/members/{target.pk}/")
    target.refresh_from_db()
    assert target.status == Organisation.Status.SUSPENDED

    page.goto("/en/members/")
    assert page.get_by_role("link", name="Morska Logistyka S.A.").is_visible()
    assert page.get_by_role("link", name="Morska Informatyka Sp. z o.o.").count() == 0

    page.goto(f"/en/panel/members/{target.pk}/audit/")
    trail = page.get_by_role("main")
    assert trail.get_by_text("Unpaid membership fee for 2026.").first.is_visible()
    assert trail.get_by_text("+48 58 123 45 67").first.is_visible()
