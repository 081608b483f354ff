"""The coordinator's webhook pages: endpoints, their deliveries, a test event, a second try."""

import pytest

from core.models import AuditEntry
from webhooks.models import Delivery, Endpoint

from .factories import EndpointFactory

pytestmark = pytest.mark.django_db
PANEL = "/en/panel/webhooks/"


def test_the_coordinator_adds_an_endpoint_and_sees_its_secret(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        f"{PANEL}new/",
        {
            "url": "https://93.184.216.34/crm/hooks",
            "description": "CRM",
            "events": ["member.joined", "member.left"],
            "is_active": "on",
        },
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert endpoint.events == ["member.joined", "member.left"]
    detail = client.get(response.url)
    assert endpoint.secret in detail.content.decode()
    assert "A member joined" in detail.content.decode()
    assert AuditEntry.objects.filter(action="webhook.endpoint_created").exists()


def test_a_private_address_is_refused_with_the_reason(client_for, coordinator, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = client_for(coordinator).post(
        f"{PANEL}new/",
        {"url": "https://10.0.0.5/hooks", "events": ["member.joined"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Endpoint.objects.exists()
    assert "is not on the public internet" in response.content.decode()


def test_editing_replacing_the_secret_and_deleting(client_for, coordinator):
    endpoint = EndpointFactory()
    client = client_for(coordinator)
    secret = endpoint.secret

    client.post(
        f"{PANEL}{endpoint.pk}/edit/",
        {"url": endpoint.url, "events": ["resolution.adopted"], "description": "ERP"},
    )
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.description, endpoint.is_active) == (
        ["resolution.adopted"],
        "ERP",
        False,
    )

    client.post(f"{PANEL}{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != secret

    assert client.get(f"{PANEL}{endpoint.pk}/delete/").status_code == 200
    client.post(f"{PANEL}{endpoint.pk}/delete/")
    assert not Endpoint.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="webhook.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["webhook.endpoint_changed", "webhook.secret_rotated", "webhook.endpoint_deleted"]


def test_a_test_event_and_a_second_try_are_listed_with_their_tries(
    client_for, coordinator, receiver, django_capture_on_commit_callbacks
):
    endpoint = EndpointFactory(url=receiver.url)
    client = client_for(coordinator)
    receiver.answers = [500] * 10

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{PANEL}{endpoint.pk}/ping/")
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    receiver.answers = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{PANEL}deliveries/{delivery.pk}/resend/")

    page = client.get(f"{PANEL}{endpoint.pk}/").content.decode()
    assert "Test event" in page
    assert "500" in page and "200" in page
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert len(receiver.received) == 2


def test_the_list_counts_deliveries_by_outcome(client_for, coordinator):
    EndpointFactory(url="https://93.184.216.34/a")
    response = client_for(coordinator).get(PANEL)
    assert response.status_code == 200
    assert "https://93.184.216.34/a" in response.content.decode()
