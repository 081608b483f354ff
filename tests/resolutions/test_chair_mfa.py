"""The council chair changes governance records, so their account needs an authenticator app.

Issue 12: the chair deleted drafts and closed votes early with a password alone.
"""

import pytest
from allauth.mfa.models import Authenticator

from accounts.security import PortalMFAAdapter
from resolutions.models import Resolution
from tests.factories import totp_activate

from .conftest import council_person, draft, opened

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"


@pytest.fixture
def chair_without_totp(db):
    return council_person("new-chair@example.com", is_chair=True, totp=False)


def test_the_chair_persona_has_an_authenticator_app(chair):
    assert Authenticator.objects.filter(user=chair, type=Authenticator.Type.TOTP).exists()


def test_a_chair_without_totp_cannot_delete_a_draft(client_for, council_body, chair_without_totp):
    resolution = draft(council_body)

    response = client_for(chair_without_totp).post(f"/en/resolutions/{resolution.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    assert Resolution.objects.filter(pk=resolution.pk).exists()


def test_a_chair_without_totp_cannot_close_a_vote_early(
    client_for, council_body, chair, chair_without_totp
):
    resolution = opened(council_body, actor=chair)

    response = client_for(chair_without_totp).post(f"/en/resolutions/{resolution.pk}/close/")

    assert response["Location"] == ACTIVATE
    resolution.refresh_from_db()
    assert resolution.is_open


@pytest.mark.parametrize("path", ["new/", "{pk}/edit/", "{pk}/open/"])
def test_every_page_that_changes_resolutions_asks_the_chair_for_totp_first(
    client_for, council_body, chair_without_totp, path
):
    resolution = draft(council_body)

    response = client_for(chair_without_totp).get(
        "/en/resolutions/" + path.format(pk=resolution.pk)
    )

    assert response["Location"] == ACTIVATE


def test_the_reason_names_the_records_the_chair_changes(
    client_for, council_body, chair_without_totp
):
    page = client_for(chair_without_totp).get("/en/resolutions/new/", follow=True)

    assert "Your account can change the cluster" in page.content.decode()


def test_a_chair_with_totp_deletes_a_draft(client_for, council_body, chair_without_totp):
    totp_activate(chair_without_totp)
    resolution = draft(council_body)

    response = client_for(chair_without_totp).post(f"/en/resolutions/{resolution.pk}/delete/")

    assert response["Location"] == "/en/resolutions/"
    assert not Resolution.objects.filter(pk=resolution.pk).exists()


def test_a_chair_cannot_turn_the_required_totp_off(chair):
    authenticator = Authenticator.objects.get(user=chair, type=Authenticator.Type.TOTP)

    assert not PortalMFAAdapter().can_delete_authenticator(authenticator)


def test_a_councillor_without_totp_still_votes(client_for, council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    assert not Authenticator.objects.filter(user=councillors[0]).exists()

    response = client_for(councillors[0]).post(
        f"/en/resolutions/{resolution.pk}/vote/", {"choice": "for"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/en/resolutions/{resolution.pk}/"
