"""API: writes (personal tokens)."""

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from core.audit import audit_log

from .models import ApiToken
from .selectors import TOKEN_PREFIX, token_digest

# A token lives at most this long: a forgotten one stops working on its own.
TOKEN_MAX_LIFETIME = datetime.timedelta(days=366)
COORDINATOR_SCOPES = frozenset({ApiToken.Scope.COORDINATOR_READ})


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime.datetime,
    actor: User,
    second_factor_passed: bool,
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with its secret, never stored nor shown again.

    A coordinator scope needs a coordinator whose session passed two-factor authentication when
    the portal requires it of them: the token carries the powers of the coordinator's pages.
    """
    chosen = sorted(set(scopes))
    unknown = set(chosen) - set(ApiToken.Scope.values)
    if not chosen or unknown:
        raise ValidationError({"scopes": _("Choose at least one of the scopes offered.")})
    if COORDINATOR_SCOPES & set(chosen):
        if not roles.is_coordinator(user):
            raise ValidationError({"scopes": _("Only coordinators may read the registry.")})
        if not second_factor_passed:
            raise ValidationError(
                {
                    "scopes": _(
                        "A token with coordinator scopes needs a session that passed two-factor "
                        "authentication. Set up an authenticator app and log in again."
                    )
                }
            )
    now = timezone.now()
    if not now < expires_at <= now + TOKEN_MAX_LIFETIME:
        raise ValidationError({"expires_at": _("A token expires within a year.")})
    prefix, raw = _new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=token_digest(raw),
        scopes=chosen,
        expires_at=expires_at,
        created_at=now,
    )
    audit_log(
        actor=actor,
        action="api_token.created",
        target=token,
        changes={"scopes": chosen, "expires_at": expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action="api_token.revoked", target=token)
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record when a token was last used, at most once a minute (no audit: it is not a change)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < datetime.timedelta(minutes=1):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
