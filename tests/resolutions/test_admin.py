"""The Django admin shows resolutions to superusers but changes nothing and shows no ballot."""

import pytest
from django.contrib import admin

from resolutions.models import Ballot, Resolution, SecretBallot, VoteCast
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_resolutions_are_read_only_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/en/admin/resolutions/resolution/").status_code == 200
    assert client.get("/en/admin/resolutions/resolution/add/").status_code == 403


def test_ballots_are_not_in_the_admin():
    assert not admin.site.is_registered(Ballot)
    assert not admin.site.is_registered(SecretBallot)
    assert not admin.site.is_registered(VoteCast)
    assert admin.site.is_registered(Resolution)
