"""A representative registers two colleagues, one cancels from the e-mail, the waiting person
is promoted, the coordinator checks people in and prints the attendance list."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from events import services
from events.models import Registration
from members.models import Person
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link_in(message, path):
    return re.search(rf"https?://[^\s]+{path}[^\s]+/", message.body).group(0)


def test_registration_cancellation_promotion_check_in_and_attendance_list(page, log_in):
    representative = UserFactory(email="przedstawicielka@example.com", verified_email=True)
    organisation = active_member(user=representative, name="Stocznia Północna S.A.")
    anna = PersonFactory(
        organisation=organisation, first_name="Anna", last_name="Kowalska", language="en"
    )
    bartosz = PersonFactory(
        organisation=organisation, first_name="Bartosz", last_name="Nowak", language="en"
    )
    earlier = active_member(name="Port Gdynia S.A.").primary_representative
    coordinator = UserFactory(
        email="biuro@klaster.example", is_coordinator=True, verified_email=True
    )
    event = EventFactory(
        capacity=2,
        slug="dobre-praktyki",
        title_en="Good practices at the shipyard",
        host_organisation=organisation,
    )
    services.registration_create(event=event, actor=None, person=earlier, language="pl")

    log_in(representative.email)
    page.goto(f"/en/events/{event.slug}/")
    page.get_by_role("link", name="Register colleagues").click()
    for person in (anna, bartosz):
        page.get_by_label("Colleague").select_option(label=person.full_name)
        page.get_by_role("button", name="Register this colleague").click()
        page.wait_for_load_state()
    assert page.get_by_text("Bartosz Nowak is on the waiting list (number 1)").is_visible()
    registered = page.get_by_role("table")
    assert (
        registered.get_by_role("row", name=re.compile("Anna Kowalska"))
        .get_by_text("confirmed")
        .is_visible()
    )
    assert (
        registered.get_by_role("row", name=re.compile("Bartosz Nowak"))
        .get_by_text("waiting list")
        .is_visible()
    )

    (confirmation,) = [m for m in mail.outbox if m.to == [anna.email]]
    page.goto(_link_in(confirmation, "/events/registrations/"))
    page.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_load_state()
    assert page.get_by_text("The registration of Anna Kowalska").is_visible()
    assert Registration.objects.get(person=anna).status == Registration.Status.CANCELLED
    assert Registration.objects.get(person=bartosz).status == Registration.Status.CONFIRMED
    promoted = [m for m in mail.outbox if m.to == [bartosz.email]][-1]
    assert promoted.subject == "A seat is yours: Good practices at the shipyard"

    page.context.clear_cookies()
    log_in(coordinator.email)
    page.goto(f"/en/panel/events/{event.pk}/check-in/")
    for person in (bartosz, earlier):
        page.get_by_label("Find a person").fill(person.last_name)
        page.locator("#main").get_by_role("button", name="Search", exact=True).click()
        page.get_by_role("button", name=f"Check in {person.full_name}").click()
        page.wait_for_load_state()
        assert page.get_by_role("button", name=f"Undo check-in of {person.full_name}").is_visible()
    assert set(
        Registration.objects.filter(status=Registration.Status.ATTENDED).values_list(
            "person", flat=True
        )
    ) == {bartosz.pk, earlier.pk}

    page.goto(f"/en/panel/events/{event.pk}/")
    page.get_by_role("button", name="Prepare the attendance list (PDF)").click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Attendance list").click()
    with open(download_info.value.path(), "rb") as downloaded:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(downloaded.read())).pages)
    assert "Nowak Bartosz" in text
    assert f"{earlier.last_name} {earlier.first_name}" in text
    assert "Stocznia Północna S.A." in text and "Port Gdynia S.A." in text
    assert "Kowalska" not in text
    assert Person.objects.filter(pk=anna.pk).exists()
