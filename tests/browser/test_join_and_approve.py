"""A visitor applies; the coordinator approves; the new representative edits the profile."""

import re

import pytest
from django.core import mail

from members.models import Organisation
from tests.factories import SectorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link_in_last_mail_to(address):
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)


def test_a_visitor_becomes_a_representative_who_edits_the_profile_in_two_languages(page, log_in):
    SectorFactory(name="ICT", name_pl="ICT", slug="ict")
    coordinator = UserFactory(
        email="biuro@klaster.example", is_coordinator=True, verified_email=True
    )

    page.goto("/en/join/")
    organisation = page.get_by_role("group", name="Organisation")
    organisation.get_by_label("Name", exact=True).fill("Bałtyckie Roboty Sp. z o.o.")
    organisation.get_by_label("Kind").select_option("startup")
    organisation.get_by_label("NIP").fill("851-31-41-744")
    organisation.get_by_label("Street and number").fill("ul. Portowa 1")
    organisation.get_by_label("Postal code").fill("81-300")
    organisation.get_by_label("City").fill("Gdynia")
    organisation.get_by_label("Voivodeship").select_option("pomorskie")
    organisation.get_by_label("ICT").check()
    contact = page.get_by_role("group", name="Contact person")
    contact.get_by_label("First name").fill("Anna")
    contact.get_by_label("Last name").fill("Nowak")
    contact.get_by_label("E-mail").fill("anna.nowak@roboty.example")
    page.get_by_label(re.compile("accedes to the partnership agreement")).check()
    page.get_by_label(re.compile("I consent to")).check()
    page.get_by_role("button", name="Send the application").click()

    page.wait_for_url("**/join/submitted/")
    applicant = Organisation.objects.get(nip="8513141744")
    assert applicant.status == Organisation.Status.APPLICANT

    log_in(coordinator.email)
    page.goto("/en/panel/applications/")
    page.get_by_role("link", name="Approve Bałtyckie Roboty Sp. z o.o.").click()
    page.get_by_role("button", name="Approve the application").click()
    page.wait_for_url("**/panel/applications/")
    applicant.refresh_from_db()
    assert applicant.status == Organisation.Status.ACTIVE
    page.get_by_role("button", name="Log out").click()

    page.goto(_link_in_last_mail_to("anna.nowak@roboty.example"))
    page.get_by_label("New password", exact=True).fill("Morze-Bałtyckie-2026")
    page.get_by_label("New password confirmation").fill("Morze-Bałtyckie-2026")
    page.get_by_role("button", name="Set the password and log in").click()
    page.goto("/en/")
    page.get_by_role("button", name="Log out").click()
    log_in("anna.nowak@roboty.example", "Morze-Bałtyckie-2026")

    page.get_by_role("link", name="My organisation").click()
    description = page.get_by_role("group", name="Description")
    description.get_by_label("Polish").fill("Budujemy roboty dla portów.")
    description.get_by_label("English").fill("We build robots for ports.")
    page.get_by_role("button", name="Save the profile").click()

    page.goto(f"/en/members/{applicant.slug}/")
    assert page.get_by_text("We build robots for ports.").is_visible()
    page.goto(f"/pl/members/{applicant.slug}/")
    assert page.get_by_text("Budujemy roboty dla portów.").is_visible()
