"""Inviting a coordinator from the panel."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_invites_a_new_coordinator_by_e_mail(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("panel:invite_coordinator"),
            {
                "email": "Nowa.Koordynatorka@Example.com",
                "first_name": "Nowa",
                "last_name": "Koordynatorka",
                "language": "en",
            },
        )
    assert response.status_code == 302
    invited = User.objects.get(email="nowa.koordynatorka@example.com")
    assert invited.is_coordinator
    assert invited.language == "en"
    assert Invitation.objects.get(user=invited).invited_by == coordinator
    assert [message.to for message in mail.outbox] == [["nowa.koordynatorka@example.com"]]


def test_someone_who_already_has_an_account_is_not_invited(client_for, coordinator):
    UserFactory(email="juz@example.com")
    response = client_for(coordinator).post(
        reverse("panel:invite_coordinator"),
        {"email": "juz@example.com", "first_name": "Już", "last_name": "Jest", "language": "pl"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.get(email="juz@example.com").is_coordinator
