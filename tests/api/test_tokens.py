"""Personal tokens: Bearer authentication, scopes, expiry and revocation, the token pages."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from api.selectors import token_digest
from core.models import AuditEntry
from tests.factories import UserFactory

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_only_as_its_digest(employee):
    token, secret = make_token(employee)

    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"cp_{stored.prefix}_")
    assert stored.secret_hash == token_digest(secret)
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_a_token_acts_as_its_user(employee):
    _token, secret = make_token(employee)

    response = bearer(secret).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == employee.email
    assert response.json()["token"]["scopes"] == [
        "organisation:write",
        "read",
        "registrations:write",
    ]


@pytest.mark.parametrize(
    "header",
    ["Bearer cp_nosuch_secret", "Bearer nonsense", "Bearer ", "Bearer a b", "Bearer \u017c"],
)
def test_an_unknown_or_malformed_token_is_refused_with_401(client, header):
    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_a_wrong_secret_is_refused(employee):
    _token, secret = make_token(employee)

    response = bearer(secret[:-2] + "xx").get("/api/v1/me/")

    assert response.status_code == 401


def test_an_expired_token_is_refused_with_401(employee):
    token, secret = make_token(employee)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    response = bearer(secret).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_revoked_token_is_refused_with_401(employee):
    token, secret = make_token(employee)
    services.api_token_revoke(token=token, actor=employee)

    response = bearer(secret).get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_is_refused(employee):
    _token, secret = make_token(employee)
    employee.is_active = False
    employee.save()

    assert bearer(secret).get("/api/v1/me/").status_code == 401


def test_a_token_without_the_read_scope_cannot_read(employee):
    _token, secret = make_token(employee, scopes=["registrations:write"])

    assert bearer(secret).get("/api/v1/events/").status_code == 403


def test_a_read_only_token_cannot_register(employee):
    _token, secret = make_token(employee, scopes=["read"])

    response = bearer(secret).post(
        "/api/v1/events/any/registrations/", {}, content_type="application/json"
    )

    assert response.status_code == 403


def test_a_token_records_when_it_was_last_used(employee):
    token, secret = make_token(employee)

    bearer(secret).get("/api/v1/me/")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_coordinator_scope_is_only_for_coordinators(employee):
    with pytest.raises(ValidationError):
        make_token(employee, scopes=["coordinator:read"])


def test_the_coordinator_scope_needs_a_session_that_passed_two_factor(coordinator):
    with pytest.raises(ValidationError, match="two-factor"):
        make_token(coordinator, scopes=["coordinator:read"], second_factor_passed=False)


def test_a_token_expires_within_a_year(employee):
    with pytest.raises(ValidationError):
        make_token(employee, days=400)


def test_a_coordinator_token_stops_reading_the_registry_when_the_role_ends(coordinator):
    _token, secret = make_token(coordinator)
    client = bearer(secret)
    assert client.get("/api/v1/coordinator/people/").status_code == 200

    coordinator.is_coordinator = False
    coordinator.save()

    assert client.get("/api/v1/coordinator/people/").status_code == 403


def test_a_coordinator_token_without_the_coordinator_scope_cannot_read_the_registry(coordinator):
    _token, secret = make_token(coordinator, scopes=["read"])

    assert bearer(secret).get("/api/v1/coordinator/organisations/").status_code == 403


# --- The token pages ----------------------------------------------------------------------------


def test_creating_a_token_shows_its_secret_once_and_audits_it(client_for, employee):
    client = client_for(employee)

    response = client.post(
        reverse("api_tokens:create"),
        {"name": "CRM", "scopes": ["read", "registrations:write"], "lifetime": "90"},
    )

    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=employee)
    assert token.scopes == ["read", "registrations:write"]
    assert AuditEntry.objects.filter(action="api_token.created", actor=employee).exists()
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert "CRM" in listing and secret not in listing
    assert bearer(secret).get("/api/v1/me/").status_code == 200


def test_the_form_offers_no_coordinator_scope_to_others(client_for, employee):
    response = client_for(employee).post(
        reverse("api_tokens:create"),
        {"name": "x", "scopes": ["coordinator:read"], "lifetime": "30"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert not ApiToken.objects.exists()


def test_a_coordinator_creates_a_registry_token_from_a_session_with_two_factor(
    client_for, coordinator
):
    response = client_for(coordinator).post(
        reverse("api_tokens:create"),
        {"name": "Reports", "scopes": ["read", "coordinator:read"], "lifetime": "30"},
    )

    assert response.status_code == 200
    assert ApiToken.objects.get(user=coordinator).scopes == ["coordinator:read", "read"]


def test_a_coordinator_without_an_authenticator_gets_no_registry_token(client_for):
    coordinator = UserFactory(is_coordinator=True, totp=False)

    response = client_for(coordinator).post(
        reverse("api_tokens:create"),
        {"name": "Reports", "scopes": ["coordinator:read"], "lifetime": "30"},
    )

    assert not ApiToken.objects.exists()
    assert response.status_code in (200, 302)


def test_revoking_a_token_stops_it_at_once(client_for, employee):
    token, secret = make_token(employee)

    response = client_for(employee).post(reverse("api_tokens:revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api_token.revoked").exists()
    assert bearer(secret).get("/api/v1/me/").status_code == 401


def test_nobody_revokes_another_users_token(client_for, employee, representative):
    token, _secret = make_token(employee)

    response = client_for(representative).post(reverse("api_tokens:revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
