"""allauth's pages in the portal's look and in Polish; sign-up stays closed unless turned on."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY

from accounts.models import User
from core.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/pl/accounts/login/"
SIGNUP = "/pl/accounts/signup/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(db):
    return UserFactory(email="anna@example.com", verified_email=True)


def test_the_login_form_speaks_polish_with_labels(client):
    content = client.get(LOGIN).content.decode()

    assert re.search(r'<label for="id_login">E-mail\b', content)
    assert re.search(r'<label for="id_password">Hasło\b', content)
    assert re.search(r'<button type="submit" class="button">\s*Zaloguj się\s*</button>', content)


@pytest.mark.parametrize(
    "url",
    [
        LOGIN,
        "/pl/accounts/password/reset/",
        "/pl/accounts/password/reset/done/",
        "/pl/accounts/confirm-email/",
        SIGNUP,
    ],
)
def test_allauth_pages_use_the_portal_layout(client, url):
    response = client.get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in content
    assert '<main id="main"' in content
    assert 'class="page-entrance"' in content
    assert "Menu:" not in content
    assert content.count("<h1") == 1


@pytest.mark.parametrize("language", ["pl", "en", "de", "fr", "ru"])
def test_the_login_page_works_in_every_language(client, language):
    response = client.get(f"/{language}/accounts/login/")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_a_member_logs_in(client, member):
    response = client.post(LOGIN, {"login": "anna@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_a_wrong_password_is_reported_on_the_form(client, member):
    response = client.post(LOGIN, {"login": "anna@example.com", "password": "wrong-one-here"})

    assert response.status_code == 200
    assert '<div class="form-errors" role="alert">' in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_member_logs_out_with_a_post(client_for, member):
    client = client_for(member)

    confirmation = client.get("/pl/accounts/logout/")
    response = client.post("/pl/accounts/logout/")

    assert 'class="page-manage"' in confirmation.content.decode()
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_password_reset_is_e_mailed(client, member):
    response = client.post("/pl/accounts/password/reset/", {"email": "anna@example.com"})

    assert response.status_code == 302
    outbound = OutboundEmail.objects.get(to="anna@example.com")
    assert "/pl/accounts/password/reset/key/" in outbound.body_text


def test_the_new_password_form_lists_the_password_rules(client, member):
    client.post("/pl/accounts/password/reset/", {"email": "anna@example.com"})
    body = OutboundEmail.objects.get(to="anna@example.com").body_text
    key_path = re.search(r"https?://[^/\s]+(/pl/accounts/password/reset/key/\S+)", body).group(1)

    response = client.get(key_path, follow=True)

    content = response.content.decode()
    assert '<label for="id_password1">' in content
    assert '<div class="help" id="id_password1_helptext"><ul>' in content


# --- Sign-up ------------------------------------------------------------------------------------


def test_sign_up_is_closed_by_default(client, settings):
    assert settings.ACCOUNT_ALLOW_SIGNUP is False

    page = client.get(SIGNUP)
    client.post(
        SIGNUP, {"email": "intruder@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert "account/signup_closed.html" in [template.name for template in page.templates]
    assert not User.objects.filter(email="intruder@example.com").exists()


def test_the_login_page_does_not_advertise_a_closed_sign_up(client):
    content = client.get(LOGIN).content.decode()

    assert SIGNUP not in content
    assert 'href="/pl/join/"' in content


def test_sign_up_works_when_the_setting_opens_it(client, settings):
    settings.ACCOUNT_ALLOW_SIGNUP = True

    login_page = client.get(LOGIN).content.decode()
    response = client.post(
        SIGNUP, {"email": "nowy@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert SIGNUP in login_page
    assert response.status_code == 302
    user = User.objects.get(email="nowy@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert OutboundEmail.objects.filter(to="nowy@example.com").exists()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("url", ["/pl/accounts/email/", "/pl/accounts/password/change/"])
def test_account_management_pages_use_the_portal_layout(client_for, member, url):
    response = client_for(member).get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="page-manage"' in content
    assert 'class="site-header"' in content
    assert content.count("<h1") == 1
