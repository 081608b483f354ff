"""`Authorization: Bearer <token>` for the REST API: a personal token acts as its user."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import selectors, services


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a personal token; an unknown, expired or revoked one is refused with 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        value = request.META.get("HTTP_AUTHORIZATION", "")
        header = value.split() if isinstance(value, str) else []
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”."))
        raw = header[1]
        if not raw.isascii():
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        token = selectors.api_token_for_secret(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The token has been revoked."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token's account is not active."))
        services.api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Describe the personal tokens in the OpenAPI schema."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token from your account (/<lang>/accounts/api-tokens/).",
        }
