"""allauth's rate limits hold on a shared cache (Redis when the environment has it), key on the
e-mail so that one person's failures never lock out another, and refuse like axes: 429."""

import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from cluster_portal.settings import base as base_settings
from core.models import OutboundEmail
from tests.factories import UserFactory, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _shared_cache(settings):
    if settings.REDIS_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }


@pytest.fixture
def rate_limited(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/5m/key"}
    _shared_cache(settings)
    yield
    cache.clear()


@pytest.fixture
def portal_rate_limits(settings):
    """The limits the portal runs with (the test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    _shared_cache(settings)
    yield
    cache.clear()


def _member(email):
    return UserFactory(email=email, verified_email=True)


def _log_in(client, email, password, *, language="pl", address="192.0.2.10"):
    return client.post(
        f"/{language}/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_it_blocks_logins_after_repeated_failures_even_with_the_right_password(
    client, rate_limited
):
    user = UserFactory(email="member@example.com")
    for _attempt in range(3):
        response = _log_in(client, user.email, "wrong password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    response = _log_in(client, user.email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()


def test_a_correct_password_logs_in_before_the_limit(client, rate_limited):
    user = _member("member@example.com")
    _log_in(client, user.email, "wrong password")

    response = _log_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


# --- One address, many people (issue 12) --------------------------------------------------------


def test_typos_of_one_person_do_not_lock_out_another_behind_the_same_address(
    client, portal_rate_limits
):
    """A whole university may share one address: twelve mistyped logins there lock out no one."""
    other = _member("other@uni.example.com")
    typed = [
        "anna@uni.example.com",
        "ana@uni.example.com",
        "anna@uni.exmaple.com",
        "anna.k@uni.example.com",
    ]
    for email in typed:
        for _attempt in range(3):
            assert _log_in(client, email, "wrong password").status_code == 200

    response = _log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other.pk)


def test_one_person_failing_again_and_again_does_not_lock_out_another(client, portal_rate_limits):
    anna = _member("anna@uni.example.com")
    other = _member("other@uni.example.com")
    for _attempt in range(12):
        _log_in(client, anna.email, "wrong password")

    response = _log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other.pk)


def test_the_person_who_failed_is_held_back_on_their_email_from_any_address(
    client, portal_rate_limits
):
    anna = _member("anna@uni.example.com")
    for _attempt in range(5):
        _log_in(client, anna.email, "wrong password")

    from_elsewhere = _log_in(client, anna.email, PASSWORD, address="198.51.100.7")

    assert from_elsewhere.status_code == 429
    assert SESSION_KEY not in client.session


# --- One answer to a locked-out login, whichever layer refuses (issue 12) -----------------------


def test_a_login_refused_by_the_rate_limit_answers_429_with_the_lockout_page(
    client, portal_rate_limits
):
    anna = _member("anna@uni.example.com")
    for _attempt in range(5):
        _log_in(client, anna.email, "wrong password", language="en")

    response = _log_in(client, anna.email, PASSWORD, language="en")

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    page = response.content.decode()
    assert "<h1>Too many failed logins</h1>" in page
    assert "Try again in 5 minutes." in page
    assert 'class="site-header"' in page


@pytest.mark.parametrize("layer", ["axes", "allauth"])
def test_every_layer_answers_a_locked_out_login_alike(client, settings, layer):
    if layer == "axes":
        settings.ACCOUNT_RATE_LIMITS = False
    else:
        settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
        settings.AXES_FAILURE_LIMIT = 100
    anna = _member("anna@uni.example.com")
    for _attempt in range(5):
        _log_in(client, anna.email, "wrong password", language="en")

    response = _log_in(client, anna.email, PASSWORD, language="en")

    assert response.status_code == 429
    assert "account/lockout.html" in [template.name for template in response.templates]
    assert "<h1>Too many failed logins</h1>" in response.content.decode()


def test_too_many_wrong_codes_answer_429_with_the_lockout_page(client, portal_rate_limits):
    coordinator = _member("office@example.com")
    coordinator.is_coordinator = True
    coordinator.save()
    from tests.factories import totp_activate

    totp_activate(coordinator)
    assert _log_in(client, coordinator.email, PASSWORD, language="en").status_code == 302
    right = totp_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        refused = client.post("/en/accounts/2fa/authenticate/", {"code": wrong})
        assert refused.status_code == 200

    response = client.post("/en/accounts/2fa/authenticate/", {"code": right})

    assert response.status_code == 429
    assert "<h1>Too many failed logins</h1>" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_too_many_logins_from_one_address_answer_429_with_a_translated_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _attempt in range(2):
        _log_in(client, "anna@uni.example.com", "wrong password", language="en")

    response = _log_in(client, "anna@uni.example.com", "wrong password", language="en")

    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Too many attempts</h1>" in page
    assert 'class="site-header"' in page


def test_a_password_reset_posted_again_and_again_mails_one_address_three_times_an_hour(
    portal_rate_limits, client
):
    _member("anna.reset@example.com")

    statuses = [
        client.post(
            "/pl/accounts/password/reset/",
            {"email": "anna.reset@example.com"},
            REMOTE_ADDR=f"192.0.2.{attempt}",
        ).status_code
        for attempt in range(1, 8)
    ]

    assert OutboundEmail.objects.filter(to="anna.reset@example.com").count() == 3
    assert statuses[:3] == [302, 302, 302]
    assert set(statuses[3:]) == {429}
