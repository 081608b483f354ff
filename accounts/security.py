"""Two-factor authentication for coordinators and the keys axes locks login attempts under."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied

from . import roles

# The page a coordinator opened before being sent to set up two-factor authentication (no dots:
# the recovery codes page reads it from the template).
MFA_RETURN_SESSION_KEY = "accounts_mfa_return_to"


def mfa_required(user):
    """Coordinators (superusers included) must use an authenticator app, unless turned off."""
    return settings.MFA_REQUIRED_FOR_COORDINATORS and roles.is_coordinator(user)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_mfa(user):
    return mfa_required(user) and not has_totp(user)


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """A coordinator may not turn off the authenticator app the portal requires of them."""
        if authenticator.type == Authenticator.Type.TOTP and mfa_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


def axes_username(request, credentials=None):
    """Return the e-mail a login attempt is for, whichever form sent it.

    allauth authenticates with `email=`, the admin and Django's forms with `username=`; the forms
    post it as "login" and "username". Lockouts key on the lower-cased address, as accounts do.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("login") or data.get("username") or data.get("email")
    return (value or "").strip().lower() or None


def client_ip(request):
    """The client's address as allauth sees it, so lockouts and rate limits agree behind a proxy.

    A request without an address (a logout outside any request) gets None, as axes expects.
    """
    try:
        return get_account_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
