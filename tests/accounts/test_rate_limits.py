"""allauth's rate limits hold on a shared cache: Redis when the environment has it."""

import uuid

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture
def rate_limited(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/5m/key"}
    if settings.REDIS_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
    yield
    cache.clear()


def _log_in(client, email, password):
    return client.post("/pl/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_it_blocks_logins_after_repeated_failures_even_with_the_right_password(
    client, rate_limited
):
    user = UserFactory(email="member@example.com")
    for _attempt in range(3):
        response = _log_in(client, user.email, "wrong password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    response = _log_in(client, user.email, "correct-horse-battery")

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()


@pytest.mark.django_db
def test_a_correct_password_logs_in_before_the_limit(client, rate_limited):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="member@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    _log_in(client, user.email, "wrong password")

    response = _log_in(client, user.email, "correct-horse-battery")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
