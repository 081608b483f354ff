"""Invitations: create an account and let its owner set the password from an e-mailed link."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.emails import email_queue
from core.links import absolute_url

from .models import Invitation, User


def _invitation_url(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("invitation_accept", kwargs={"token": token})
    return absolute_url(path)


@transaction.atomic
def invitation_send(
    *,
    email: str,
    invited_by: User | None,
    first_name: str = "",
    last_name: str = "",
    language: str | None = None,
    is_coordinator: bool = False,
) -> Invitation:
    """Create (or reuse) the account for `email` and e-mail a link to set its password.

    An account that already has a password is not invited again. A new invitation replaces a
    pending one, so only the newest link works.
    """
    email = User.objects.normalize_email(email).strip().lower()
    language = language or settings.LANGUAGE_CODE
    user = User.objects.select_for_update().filter(email=email).first()
    if user is not None and user.has_usable_password():
        raise ValidationError(
            _("%(email)s already has an account; they can log in or reset the password."),
            params={"email": email},
            code="account_exists",
        )
    if user is None:
        user = User.objects.create_user(
            email=email,
            first_name=first_name,
            last_name=last_name,
            language=language,
            is_coordinator=is_coordinator,
        )
        audit_log(actor=invited_by, action="user.created", target=user, changes={"email": email})
    elif is_coordinator and not user.is_coordinator:
        user.is_coordinator = True
        user.save(update_fields=["is_coordinator"])
    user.invitations.filter(status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, updated_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        invited_by=invited_by,
        token_hash=Invitation.hash_token(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_log(
        actor=invited_by,
        action="invitation.sent",
        target=user,
        changes={"expires_at": invitation.expires_at},
    )
    email_queue(
        to=email,
        template="invitation",
        language=user.language,
        context={
            "user": user,
            "invited_by": invited_by,
            "accept_url": _invitation_url(token, user.language),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """Return the usable invitation a link's token belongs to, or None."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the invited user's password; the e-mail address counts as verified by the link."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(
            _("This invitation link has expired or was already used."), code="invitation_used"
        )
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at", "updated_at"])
    audit_log(actor=user, action="invitation.accepted", target=user)
    return user


def invitations_expire() -> int:
    """Mark pending invitations whose time has passed as expired; return how many."""
    return Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__lte=timezone.now()
    ).update(status=Invitation.Status.EXPIRED, updated_at=timezone.now())
