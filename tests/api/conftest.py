import datetime

import pytest
from django.test import Client
from django.utils import timezone

from api import services
from api.models import ApiToken

ALL_SCOPES = [scope.value for scope in ApiToken.Scope]


def make_token(user, *, scopes=None, days=30, second_factor_passed=True):
    """Return (token, secret) for `user`: every scope the user may hold, unless named."""
    if scopes is None:
        scopes = [
            scope
            for scope in ALL_SCOPES
            if scope != ApiToken.Scope.COORDINATOR_READ or user.is_coordinator
        ]
    return services.api_token_create(
        user=user,
        name="test",
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        actor=user,
        second_factor_passed=second_factor_passed,
    )


def bearer(secret):
    """A client that sends the token in every request and no session."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def token_for():
    def create(user, **kwargs):
        return make_token(user, **kwargs)

    return create


@pytest.fixture
def api_client_for():
    """A client that acts with a new token of the user's (all scopes they may hold)."""

    def create(user, **kwargs):
        if user is None:
            return Client()
        _token, secret = make_token(user, **kwargs)
        return bearer(secret)

    return create
