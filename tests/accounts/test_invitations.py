"""Setting a password from an e-mailed invitation link."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.services import invitation_send
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db

PASSWORD = "Zielone-Jablko-2031"


@pytest.fixture
def invited(coordinator):
    """Invite a new person and return (user, path of the link in the e-mail)."""
    invitation_send(
        email="nowa.osoba@example.com",
        invited_by=coordinator,
        first_name="Nowa",
        last_name="Osoba",
        language="pl",
    )
    return User.objects.get(email="nowa.osoba@example.com"), accept_path()


def accept_path():
    body = OutboundEmail.objects.filter(template="invitation").latest("pk").body_text
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_the_invitation_e_mail_carries_the_link_and_how_long_it_works(invited, settings):
    outbound = OutboundEmail.objects.get(template="invitation")

    assert outbound.to == "nowa.osoba@example.com"
    assert f"{settings.SITE_URL}/pl/accounts/invitation/" in outbound.body_text
    assert f"{settings.SITE_URL}/pl/accounts/invitation/" in outbound.body_html
    assert str(settings.INVITATION_VALID_DAYS) in outbound.body_text
    assert settings.CLUSTER_NAME in outbound.subject
    assert "<html" in outbound.body_html


def test_the_invitation_e_mail_is_in_the_invited_person_s_language(coordinator):
    invitation_send(email="english@example.com", invited_by=coordinator, language="en")

    outbound = OutboundEmail.objects.get(template="invitation")
    assert "/en/accounts/invitation/" in outbound.body_text
    assert "To activate your account, set a password" in outbound.body_text


def test_the_page_shows_the_invited_address_and_the_password_rules(client, invited):
    _user, path = invited

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert "nowa.osoba@example.com" in content
    assert '<label for="id_new_password1">' in content
    assert '<label for="id_new_password2">' in content
    assert '<div class="help" id="id_new_password1_helptext"><ul>' in content


def test_accepting_sets_the_password_verifies_the_address_and_logs_in(client, invited):
    user, path = invited

    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/pl/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert Invitation.objects.get(user=user).status == Invitation.Status.ACCEPTED


def test_after_accepting_the_person_logs_in_through_the_login_form(client, invited):
    user, path = invited
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    response = client.post("/pl/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_it_rejects_passwords_that_differ(client, invited):
    user, path = invited

    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"})

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_it_rejects_a_weak_password(client, invited):
    user, path = invited

    response = client.post(path, {"new_password1": "12345", "new_password2": "12345"})

    assert "new_password2" in response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_used_link_shows_the_invalid_page_with_410(client, invited):
    _user, path = invited
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    response = client.get(path)

    assert response.status_code == 410
    assert [template.name for template in response.templates][0] == (
        "accounts/invitation_invalid.html"
    )
    assert 'href="/pl/accounts/password/reset/"' in response.content.decode()


def test_an_expired_link_shows_the_invalid_page_with_410(client, invited):
    user, path = invited
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))

    get = client.get(path)
    post = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert (get.status_code, post.status_code) == (410, 410)
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_link_replaced_by_a_newer_invitation_no_longer_works(client, invited, coordinator):
    user, old_path = invited
    invitation_send(email=user.email, invited_by=coordinator)

    assert client.get(old_path).status_code == 410
    assert client.get(accept_path()).status_code == 200


def test_an_unknown_token_shows_the_invalid_page(client, db):
    response = client.get("/en/accounts/invitation/not-a-real-token/")

    assert response.status_code == 410
    assert "This invitation link no longer works" in response.content.decode()
