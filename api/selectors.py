"""API: reads."""

import hashlib
import hmac

from django.db.models import QuerySet

from accounts.models import User
from events.models import Registration
from members.models import Person

from .models import ApiToken

TOKEN_PREFIX = "cp_"


def token_digest(raw: str) -> str:
    """Return the stored form of a token: the SHA-256 of the whole token, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_prefix_of(raw: str) -> str | None:
    """Return the lookup prefix of `cp_<prefix>_<secret>`, or None when it is not that shape."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret or len(prefix) > 16:
        return None
    return prefix


def api_token_for_secret(*, raw: str) -> ApiToken | None:
    """Return the token `raw` names (active or not) when its secret matches, else None."""
    prefix = token_prefix_of(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_digest(raw)):
        return None
    return token


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """A user's tokens, the newest first, revoked and expired ones too."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_of(*, user: User, pk: int) -> ApiToken:
    """Return one of the user's tokens; another's raises DoesNotExist (a 404)."""
    return ApiToken.objects.get(user=user, pk=pk)


def people_for_coordinator() -> QuerySet[Person]:
    """Every person of the registry with their organisation, for the coordinator's API."""
    return Person.objects.select_related("organisation")


def registrations_for_coordinator() -> QuerySet[Registration]:
    """Every registration with its event and organisation, for the coordinator's API."""
    return Registration.objects.select_related("event", "organisation")
