"""A person's copy: everything the portal holds about them, as JSON and files in a zip."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundEmail
from privacy import services
from privacy.models import DataRequest

from .factories import EMAIL, FIRST, LAST, rich_person

pytestmark = pytest.mark.django_db

# Every kind of record the rich person has a row in, which their copy must hold.
EXPECTED = {
    "accounts.User",
    "account.EmailAddress",
    "mfa.Authenticator",
    "members.Person",
    "members.Organisation",
    "members.MembershipApplication",
    "events.Registration",
    "news.Subscriber",
    "resolutions.EligibleVoter",
    "resolutions.VoteCast",
    "resolutions.Ballot",
    "meetings.Meeting",
    "meetings.Attendance",
    "meetings.MeetingProxy",
    "meetings.Minutes",
    "elections.Candidate",
    "elections.ElectionVoter",
    "cooperation.Post",
    "cooperation.PostAttachment",
    "cooperation.Contact",
    "cooperation.ContactMessage",
    "cooperation.PurchaseCommitment",
    "cooperation.MatchSubscription",
    "projects.ProjectIdea",
    "agreements.Partner",
    "core.AuditEntry",
    "core.OutboundEmail",
    "privacy.DataRequest",
}


@pytest.fixture
def rich(coordinator):
    return rich_person(coordinator=coordinator)


def _requested(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:request"))
    assert response.status_code == 302
    return DataRequest.objects.get(user=user, kind="export")


def _archive(request):
    with request.archive.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_it_prepares_a_copy_with_every_kind_of_record(
    client, rich, django_capture_on_commit_callbacks
):
    request = _requested(client, rich.user, django_capture_on_commit_callbacks)

    request.refresh_from_db()
    assert request.status == DataRequest.Status.READY
    zipped = _archive(request)
    data = json.loads(zipped.read("data.json"))
    assert set(data["records"]) >= EXPECTED, EXPECTED - set(data["records"])
    person = data["records"]["members.Person"]["rows"][0]
    assert (person["first_name"], person["last_name"], person["phone"]) == (
        FIRST,
        LAST,
        "+48 501 234 567",
    )
    registrations = data["records"]["events.Registration"]["rows"]
    assert len(registrations) == 2  # their own and the guest one under their address


def test_the_copy_holds_their_files_and_no_secrets(
    client, rich, django_capture_on_commit_callbacks
):
    request = _requested(client, rich.user, django_capture_on_commit_callbacks)

    zipped = _archive(_fresh(request))
    names = zipped.namelist()
    assert any(name.startswith("files/cooperation.PostAttachment/") for name in names)
    assert any(name.startswith("files/meetings.MeetingProxy/") for name in names)
    assert any(name.startswith("files/resolutions.EligibleVoter/") for name in names)
    data = json.loads(zipped.read("data.json"))
    user = data["records"]["accounts.User"]["rows"][0]
    assert "password" not in user
    authenticator = data["records"]["mfa.Authenticator"]["rows"][0]
    assert authenticator["type"] == "totp" and "data" not in authenticator
    assert "token" not in data["records"]["events.Registration"]["rows"][0]


def test_the_copy_holds_who_voted_never_a_secret_choice(
    client, rich, django_capture_on_commit_callbacks
):
    request = _requested(client, rich.user, django_capture_on_commit_callbacks)

    data = json.loads(_archive(_fresh(request)).read("data.json"))
    assert "resolutions.SecretBallot" not in data["records"]
    assert "elections.BallotMark" not in data["records"]
    assert data["records"]["resolutions.VoteCast"]["rows"][0]["cast_by"]["id"] == rich.person.pk


def _fresh(request):
    request.refresh_from_db()
    return request


def test_the_person_is_told_by_email_in_their_language(
    client, rich, django_capture_on_commit_callbacks
):
    _requested(client, rich.user, django_capture_on_commit_callbacks)

    sent = OutboundEmail.objects.get(template="privacy_export_ready", language="de")
    assert sent.to == EMAIL
    assert "/de/accounts/my-data/" in sent.body_text


def test_a_second_click_while_preparing_makes_no_second_request(rich):
    first = services.export_request(user=rich.user, actor=rich.user)
    second = services.export_request(user=rich.user, actor=rich.user)

    assert first.pk == second.pk
    assert DataRequest.objects.filter(user=rich.user).count() == 1


def test_the_task_prepares_a_copy_once(rich, django_capture_on_commit_callbacks):
    request = services.export_request(user=rich.user, actor=rich.user)
    assert services.export_prepare(request_id=request.pk) is True
    name = _fresh(request).archive.name

    assert services.export_prepare(request_id=request.pk) is False
    assert _fresh(request).archive.name == name


def test_only_the_person_downloads_their_copy(
    client, rich, outsider, coordinator, django_capture_on_commit_callbacks
):
    request = _requested(client, rich.user, django_capture_on_commit_callbacks)
    path = reverse("privacy:download", kwargs={"pk": request.pk})

    assert client.get(path).status_code == 200
    assert client.get(path)["Content-Type"] == "application/zip"
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    client.force_login(coordinator)
    assert client.get(path).status_code == 404
    assert (
        client.get(reverse("panel_privacy:download", kwargs={"pk": request.pk})).status_code == 404
    )
    client.logout()
    assert client.get(path).status_code == 302


def test_an_expired_copy_is_deleted_and_no_longer_downloadable(
    client, rich, private_root, django_capture_on_commit_callbacks
):
    request = _requested(client, rich.user, django_capture_on_commit_callbacks)
    stored = private_root / _fresh(request).archive.name
    assert stored.exists()

    expired = services.exports_expire(now=timezone.now() + datetime.timedelta(days=8))

    assert expired == 1
    assert not stored.exists()
    assert _fresh(request).status == DataRequest.Status.EXPIRED
    assert client.get(reverse("privacy:download", kwargs={"pk": request.pk})).status_code == 404
    assert services.exports_expire(now=timezone.now() + datetime.timedelta(days=8)) == 0


def test_the_page_shows_the_status(client, rich):
    services.export_request(user=rich.user, actor=rich.user)
    client.force_login(rich.user)

    response = client.get(reverse("privacy:index"))

    assert response.status_code == 200
    assert "waiting" in response.content.decode()
