"""The cluster office connects its CRM: it adds a webhook endpoint in the panel, sends a test
event, and the receiver gets it signed with the secret the page shows."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.webhooks.conftest import receiver  # noqa: F401 - the fixture
from webhooks.models import Endpoint
from webhooks.transport import signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_adds_an_endpoint_and_its_test_event_arrives_signed(
    page,
    log_in,
    receiver,  # noqa: F811 - the webhooks' receiver fixture, imported above
):
    coordinator = UserFactory(
        email="biuro@klaster.example", is_coordinator=True, verified_email=True
    )

    log_in(coordinator.email)
    page.goto("/en/panel/webhooks/")
    page.get_by_role("link", name="Add an endpoint").click()
    page.get_by_label("Address").fill(receiver.url)
    page.get_by_label("Description").fill("CRM")
    page.get_by_role("checkbox", name="A member joined").check()
    page.get_by_role("button", name="Save").click()

    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["member.joined"]
    expect(page.get_by_text(endpoint.secret)).to_be_visible()
    page.get_by_role("button", name="Send a test event").click()
    expect(page.get_by_role("row").filter(has_text="delivered")).to_have_count(1)

    (request,) = receiver.received
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers["webhook-signature"] == signature(
        secret=endpoint.secret,
        message_id=headers["webhook-id"],
        timestamp=int(headers["webhook-timestamp"]),
        body=request["body"],
    )
    assert receiver.bodies()[0]["type"] == "ping"
