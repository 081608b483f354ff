"""axes locks an (e-mail, IP) pair out after repeated failures on every password form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(db):
    return UserFactory(email="anna@example.com", verified_email=True)


def _log_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def _fail_five_times(client, email):
    for _attempt in range(5):
        response = _log_in(client, email, "wrong password")
    return response


def test_five_wrong_passwords_lock_out_the_sixth_attempt_even_with_the_right_one(client, member):
    _fail_five_times(client, "Anna@Example.com")

    response = _log_in(client, member.email, PASSWORD)

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes." in page
    assert 'class="site-header"' in page


def test_four_failures_still_let_the_right_password_in(client, member):
    for _attempt in range(4):
        _log_in(client, member.email, "wrong password")

    response = _log_in(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_the_lockout_keys_on_the_email_and_leaves_other_accounts_alone(client, member):
    other = UserFactory(email="other@example.com", verified_email=True)
    _fail_five_times(client, member.email)

    response = _log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert AccessAttempt.objects.get().username == "anna@example.com"


def test_the_lockout_ends_after_the_cool_off(client, member):
    _fail_five_times(client, member.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _log_in(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_the_reset_command_unblocks_an_account(client, member):
    _fail_five_times(client, member.email)
    assert _log_in(client, member.email, PASSWORD).status_code == 429

    call_command("axes_reset_username", member.email)

    assert _log_in(client, member.email, PASSWORD).status_code == 302


def test_the_admin_has_no_password_form_of_its_own(client, member):
    """The admin sends people to the portal's login, where the lockout and 2FA hold."""
    response = client.post("/en/admin/login/", {"username": member.email, "password": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not AccessAttempt.objects.exists()


def test_an_admin_locked_out_on_the_login_form_cannot_reach_the_admin(client):
    admin = UserFactory(
        email="root@example.com", is_staff=True, is_superuser=True, verified_email=True
    )
    _fail_five_times(client, admin.email)

    response = _log_in(client, admin.email, PASSWORD)

    assert response.status_code == 429
    admin_page = client.get("/en/admin/", follow=True)
    assert admin_page.redirect_chain[-1][0].startswith(LOGIN)


def test_confirming_the_password_counts_towards_the_lockout(client, member):
    _log_in(client, member.email, PASSWORD)
    for _attempt in range(5):
        client.post("/en/accounts/reauthenticate/", {"password": "wrong password"})

    response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})

    assert response.status_code == 429


def test_the_password_change_form_counts_towards_the_lockout(client, member):
    _log_in(client, member.email, PASSWORD)
    change = {"password1": "A-new-long-passw0rd", "password2": "A-new-long-passw0rd"}
    first = client.post("/en/accounts/password/change/", {**change, "oldpassword": "no"})
    assert first.status_code == 200
    for _attempt in range(4):
        client.post("/en/accounts/password/change/", {**change, "oldpassword": "no"})

    response = client.post("/en/accounts/password/change/", {**change, "oldpassword": PASSWORD})

    assert response.status_code == 429
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
