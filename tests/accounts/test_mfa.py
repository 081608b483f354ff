"""Two-factor authentication: coordinators, admin staff and the council chair must use an
authenticator app; other people never have to."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.core.cache import cache

from accounts.models import User
from accounts.security import MFA_RETURN_SESSION_KEY
from tests.factories import TEST_TOTP_SECRET, UserFactory, totp_code

pytestmark = pytest.mark.django_db

PANEL = "/en/panel/"
ACTIVATE = "/en/accounts/2fa/totp/activate/"
AUTHENTICATE = "/en/accounts/2fa/authenticate/"
LOGIN = "/en/accounts/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_used_codes():
    """allauth remembers used codes in the cache; a code may not work twice within its period."""
    cache.clear()
    yield
    cache.clear()


def _verified(user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def coordinator_without_totp(db):
    return UserFactory(
        email="new-office@example.com", is_coordinator=True, totp=False, verified_email=True
    )


def _log_in(client, email):
    return client.post(LOGIN, {"login": email, "password": PASSWORD})


def _confirm_password(client, url):
    """allauth asks for the password again before authenticators change."""
    asked = client.get(url)
    assert asked.status_code == 302
    assert asked["Location"].startswith("/en/accounts/reauthenticate/")
    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302


def test_the_coordinator_persona_has_an_authenticator_app(coordinator):
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_a_coordinator_without_totp_is_sent_to_set_it_up_with_the_reason(
    client_for, coordinator_without_totp
):
    client = client_for(coordinator_without_totp)

    response = client.get(PANEL, follow=False)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    page = client.get(PANEL, follow=True).content.decode()
    assert "need two-factor authentication" in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/panel/events/",
        "/en/panel/resolutions/",
        "/en/panel/agreements/",
        "/en/partnerships/agreements/",
    ],
)
def test_every_page_a_coordinator_opens_by_their_role_asks_for_totp_first(
    client_for, coordinator_without_totp, url
):
    response = client_for(coordinator_without_totp).get(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_a_superuser_is_a_coordinator_and_needs_totp_too(client_for):
    superuser = UserFactory(email="root@example.com", is_superuser=True, totp=False)

    response = client_for(superuser).get(PANEL)

    assert response["Location"] == ACTIVATE


def test_a_coordinator_with_totp_opens_the_panel(client_for, coordinator):
    assert client_for(coordinator).get(PANEL).status_code == 200


def test_the_requirement_can_be_turned_off(client_for, coordinator_without_totp, settings):
    settings.MFA_REQUIRED_FOR_COORDINATORS = False

    assert client_for(coordinator_without_totp).get(PANEL).status_code == 200


@pytest.mark.parametrize("persona", ["representative", "employee", "council_member", "outsider"])
def test_other_users_are_never_forced_to_set_up_totp(client_for, request, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    for url in ["/en/", "/en/members/", "/en/my-organisation/", "/en/resolutions/"]:
        response = client.get(url)
        assert response.get("Location") != ACTIVATE, url
    assert not Authenticator.objects.filter(user=user).exists()


def test_a_coordinator_sets_up_totp_and_goes_back_to_the_page_they_opened(
    client, coordinator_without_totp
):
    _log_in(client, coordinator_without_totp.email)
    client.get("/en/panel/events/")
    _confirm_password(client, ACTIVATE)

    page = client.get(ACTIVATE)
    assert page.status_code == 200
    content = page.content.decode()
    # The QR code is drawn by the portal as a data URI, which the CSP's img-src allows.
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', content)
    secret = page.context["form"].secret

    wrong = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=coordinator_without_totp).exists()

    activated = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(
        user=coordinator_without_totp, type=Authenticator.Type.TOTP
    ).exists()
    codes_page = client.get(activated["Location"]).content.decode()
    assert "Continue to the page you opened" in codes_page
    assert "<script" not in codes_page
    back = client.get("/en/accounts/2fa/continue/")
    assert back["Location"] == "/en/panel/events/"
    assert client.get("/en/panel/events/").status_code == 200


def test_a_coordinator_cannot_turn_the_required_totp_off(client, coordinator):
    _verified(coordinator)
    _log_in(client, coordinator.email)
    client.post(AUTHENTICATE, {"code": totp_code()})
    _confirm_password(client, "/en/accounts/2fa/totp/deactivate/")

    response = client.post("/en/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert "You cannot deactivate two-factor authentication." in response.content.decode()
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_logging_in_with_totp_asks_for_the_code_and_refuses_a_wrong_one(client, coordinator):
    _verified(coordinator)

    response = _log_in(client, coordinator.email)

    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE
    assert SESSION_KEY not in client.session
    page = client.get(AUTHENTICATE).content.decode()
    assert "Enter the six-digit code from your authenticator app" in page
    right = totp_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(AUTHENTICATE, {"code": wrong})
    assert refused.status_code == 200
    assert SESSION_KEY not in client.session

    accepted = client.post(AUTHENTICATE, {"code": right})

    assert accepted.status_code == 302
    assert client.session[SESSION_KEY] == str(coordinator.pk)
    assert client.get(PANEL).status_code == 200


def test_the_test_secret_gives_the_codes_allauth_accepts(coordinator):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    assert validate_totp_code(TEST_TOTP_SECRET, totp_code())


def test_a_member_without_totp_logs_in_with_the_password_alone(client, representative):
    _verified(representative)

    response = _log_in(client, representative.email)

    assert response.status_code == 302
    assert response["Location"] != AUTHENTICATE
    assert client.session[SESSION_KEY] == str(representative.pk)


# --- Everything a coordinator or admin staff can reach asks for the app (issue 12) -------------

ADMIN_ACTIVATE = "/pl/accounts/2fa/totp/activate/"


@pytest.fixture
def superuser_without_totp(db):
    return UserFactory(
        email="root@example.com",
        is_staff=True,
        is_superuser=True,
        totp=False,
        verified_email=True,
    )


@pytest.mark.parametrize(
    "url", ["/pl/admin/", "/pl/admin/accounts/user/", "/pl/admin/members/organisation/"]
)
def test_a_superuser_with_a_password_but_no_totp_is_sent_to_set_it_up_by_the_admin(
    client, superuser_without_totp, url
):
    logged_in = _log_in(client, superuser_without_totp.email)
    assert logged_in.status_code == 302
    assert client.session[SESSION_KEY] == str(superuser_without_totp.pk)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ADMIN_ACTIVATE
    assert client.session[MFA_RETURN_SESSION_KEY] == url


def test_admin_staff_without_the_superuser_flag_need_totp_too(client_for, db):
    staff = UserFactory(email="clerk@example.com", is_staff=True, totp=False)
    staff.user_permissions.add(Permission.objects.get(codename="view_organisation"))

    response = client_for(staff).get("/pl/admin/members/organisation/")

    assert response["Location"] == ADMIN_ACTIVATE


def test_a_superuser_without_totp_changes_nothing_in_the_admin(client_for, superuser_without_totp):
    victim = UserFactory(email="victim@example.com")

    response = client_for(superuser_without_totp).post(
        f"/pl/admin/accounts/user/{victim.pk}/delete/", {"post": "yes"}
    )

    assert response["Location"] == ADMIN_ACTIVATE
    assert User.objects.filter(pk=victim.pk).exists()


def test_a_superuser_with_totp_opens_the_admin(client_for):
    superuser = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)

    assert client_for(superuser).get("/pl/admin/accounts/user/").status_code == 200


def test_the_admin_asks_nothing_when_the_requirement_is_off(
    client_for, superuser_without_totp, settings
):
    settings.MFA_REQUIRED_FOR_COORDINATORS = False

    assert client_for(superuser_without_totp).get("/pl/admin/").status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/en/"),
        ("get", "/en/events/my/"),
        ("get", "/en/resolutions/1/proxy/"),
        ("post", "/en/resolutions/1/vote/"),
    ],
)
def test_pages_open_to_any_logged_in_user_ask_a_coordinator_for_totp_first(
    client_for, coordinator_without_totp, method, url
):
    response = getattr(client_for(coordinator_without_totp), method)(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


@pytest.mark.parametrize(
    "url", ["/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"]
)
def test_a_coordinator_without_totp_still_reaches_their_own_account_pages(
    client_for, coordinator_without_totp, url
):
    assert client_for(coordinator_without_totp).get(url).status_code == 200


def test_a_coordinator_without_totp_can_log_out(client_for, coordinator_without_totp):
    client = client_for(coordinator_without_totp)

    client.post("/en/accounts/logout/")

    assert SESSION_KEY not in client.session


def test_a_superuser_sets_up_totp_and_goes_back_to_the_admin(client, superuser_without_totp):
    _log_in(client, superuser_without_totp.email)
    client.get("/pl/admin/accounts/user/")
    _confirm_password(client, ACTIVATE)
    secret = client.get(ACTIVATE).context["form"].secret

    client.post(ACTIVATE, {"code": totp_code(secret)})

    back = client.get("/en/accounts/2fa/continue/")
    assert back["Location"] == "/pl/admin/accounts/user/"
    assert client.get(back["Location"]).status_code == 200


def test_a_session_that_has_seen_the_app_asks_the_database_no_more(client, coordinator):
    _verified(coordinator)
    _log_in(client, coordinator.email)
    client.post(AUTHENTICATE, {"code": totp_code()})
    assert client.get(PANEL).status_code == 200

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PANEL).status_code == 200

    assert not [query for query in queries if "mfa_authenticator" in query["sql"]]


def test_a_session_without_the_app_is_asked_again_on_every_page(
    client_for, coordinator_without_totp
):
    client = client_for(coordinator_without_totp)
    assert client.get(PANEL)["Location"] == ACTIVATE
    assert client.get(PANEL)["Location"] == ACTIVATE


def test_a_new_session_after_the_app_was_removed_is_asked_to_set_it_up(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(PANEL).status_code == 200
    Authenticator.objects.filter(user=coordinator).delete()
    other_session = client_for(coordinator)

    assert other_session.get(PANEL)["Location"] == ACTIVATE
