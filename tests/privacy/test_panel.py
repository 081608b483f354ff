"""The coordinator's pages: requests for people without an account, copies and erasures."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from members.models import Person
from news.models import Subscriber
from privacy.models import DataRequest

from .factories import EMAIL, rich_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(db):
    return Subscriber.objects.create(email="gosc@example.com", token="t-guest")


def test_it_refuses_people_who_are_not_coordinators(client, representative, outsider):
    for user in (representative, outsider):
        client.force_login(user)
        assert client.get(reverse("panel_privacy:index")).status_code == 403
    client.logout()
    assert client.get(reverse("panel_privacy:index")).status_code == 302


def test_a_copy_for_someone_without_an_account(
    client, coordinator, guest, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("panel_privacy:index"),
            {"kind": "export", "email": "Gosc@example.com", "note": "list z 3 marca"},
        )
    request = DataRequest.objects.get()
    assert response.status_code == 302
    assert request.status == DataRequest.Status.READY

    download = client.get(reverse("panel_privacy:download", kwargs={"pk": request.pk}))

    assert download.status_code == 200
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(zipped.read("data.json"))
    assert data["records"]["news.Subscriber"]["rows"][0]["email"] == "gosc@example.com"


def test_an_address_with_nothing_is_refused_on_the_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("panel_privacy:index"), {"kind": "erasure", "email": "nobody@example.com"}
    )

    assert response.status_code == 200
    assert "holds nothing" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_the_erasure_page_previews_and_needs_the_address_typed_again(client, coordinator):
    rich = rich_person(coordinator=coordinator)
    client.force_login(coordinator)
    client.post(reverse("panel_privacy:index"), {"kind": "erasure", "email": EMAIL})
    request = DataRequest.objects.get(kind="erasure")

    page = client.get(reverse("panel_privacy:detail", kwargs={"pk": request.pk}))
    assert page.status_code == 200
    assert "anonymised" in page.content.decode()

    wrong = client.post(
        reverse("panel_privacy:erase", kwargs={"pk": request.pk}),
        {"email": "other@example.com", "confirm": "on"},
    )
    assert wrong.status_code == 400
    assert Person.objects.get(pk=rich.person.pk).erased_on is None

    right = client.post(
        reverse("panel_privacy:erase", kwargs={"pk": request.pk}),
        {"email": EMAIL, "confirm": "on"},
    )
    assert right.status_code == 302
    assert Person.objects.get(pk=rich.person.pk).erased_on is not None


def test_a_blocked_erasure_answers_with_the_reason(client, coordinator):
    rich = rich_person(coordinator=coordinator)
    organisation = rich.person.organisation
    organisation.primary_representative = rich.person
    organisation.save()
    client.force_login(coordinator)
    client.post(reverse("panel_privacy:index"), {"kind": "erasure", "email": EMAIL})
    request = DataRequest.objects.get(kind="erasure")

    response = client.post(
        reverse("panel_privacy:erase", kwargs={"pk": request.pk}),
        {"email": EMAIL, "confirm": "on"},
    )

    assert response.status_code == 400
    assert "primary representative" in response.content.decode()
    assert Person.objects.get(pk=rich.person.pk).erased_on is None


def test_a_waiting_erasure_can_be_cancelled(client, coordinator, guest):
    client.force_login(coordinator)
    client.post(reverse("panel_privacy:index"), {"kind": "erasure", "email": guest.email})
    request = DataRequest.objects.get()

    client.post(reverse("panel_privacy:cancel", kwargs={"pk": request.pk}))

    request.refresh_from_db()
    assert request.status == DataRequest.Status.CANCELLED and request.email == ""
    assert Subscriber.objects.filter(pk=guest.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "everything", "email": "gosc@example.com"},
        {"kind": "export", "email": "not-an-address"},
        {"kind": "export", "email": "gosc@example.com\x00", "note": "x" * 5000},
        {"kind": ["export", "erasure"], "email": ["a@example.com", "b@example.com"]},
    ],
)
def test_hostile_requests_are_refused_and_save_nothing(client, coordinator, guest, data):
    client.force_login(coordinator)

    response = client.post(reverse("panel_privacy:index"), data)

    assert response.status_code == 200
    assert not DataRequest.objects.exists()


def test_hostile_confirmations_erase_nothing(client, coordinator, guest):
    client.force_login(coordinator)
    client.post(reverse("panel_privacy:index"), {"kind": "erasure", "email": guest.email})
    request = DataRequest.objects.get()
    path = reverse("panel_privacy:erase", kwargs={"pk": request.pk})

    for data in ({}, {"email": guest.email}, {"email": "' OR 1=1 --", "confirm": "on"}):
        assert client.post(path, data).status_code == 400
    assert Subscriber.objects.filter(pk=guest.pk).exists()
    request.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING
