"""Two-factor authentication for those who can change records beyond their own, and the keys
axes locks login attempts under."""

from collections.abc import Callable
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import roles

# The page a user opened before being sent to set up two-factor authentication (no dots: the
# recovery codes page reads it from the template).
MFA_RETURN_SESSION_KEY = "accounts_mfa_return_to"
# Where a request keeps the answer of `has_totp`: the middleware and a role decorator both ask.
_HAS_TOTP_ATTRIBUTE = "_accounts_has_totp"
# The session remembers (by the user's key) that its user had an authenticator app, so staff do
# not pay a query on every request. Only a "yes" is remembered, so a session that has none is
# asked again until it has one; a session logged in with a password alone never holds a "yes" it
# did not earn. Removing the app through allauth forgets it in the session that removes it
# (`forget_totp_in_session`); an app deleted by someone else (the admin) is missed by the
# owner's sessions already open until they end (idle limit, 12 h at most), and every new login
# is asked again. Coordinators cannot turn their app off at all (MFAAdapter).
TOTP_SEEN_SESSION_KEY = "accounts.totp_seen"


def holds_staff_powers(user):
    """Coordinators (superusers included) and admin staff, who can reach every record.

    The account's own fields say so, without a query: the middleware asks on every request.
    """
    return roles.is_coordinator(user) or bool(
        user is not None and user.is_authenticated and user.is_active and user.is_staff
    )


# Role checks of other apps whose holders change records beyond their own (resolutions adds the
# council chair's); they register here (`mfa_required_for`), accounts knows none of them.
MFA_REQUIRING_ROLES: list[Callable[[Any], bool]] = []


def mfa_required_for(check: Callable[[Any], bool]) -> None:
    """Require an authenticator app of every user for whom `check(user)` holds."""
    if check not in MFA_REQUIRING_ROLES:
        MFA_REQUIRING_ROLES.append(check)


def mfa_required(user):
    """Whoever can change records beyond their own must use an authenticator app, unless turned off.

    That is coordinators and superusers, admin staff, and the roles other apps register (the
    council chair, who drafts and deletes resolutions and opens and closes votes): a stolen
    password alone must not do that.
    """
    return settings.MFA_REQUIRED_FOR_COORDINATORS and (
        holds_staff_powers(user) or any(check(user) for check in MFA_REQUIRING_ROLES)
    )


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def request_lacks_required_mfa(request, *, staff_only=False, always=False):
    """Say whether the requesting user must set up an authenticator app before going on.

    `staff_only` asks about the powers the account's fields record and nothing that needs a
    query for other users (the middleware asks on every request); `always` requires the app of
    anyone (a page that changes governance records); otherwise `mfa_required` decides.
    """
    user = request.user
    if always:
        required = settings.MFA_REQUIRED_FOR_COORDINATORS
    elif staff_only:
        required = settings.MFA_REQUIRED_FOR_COORDINATORS and holds_staff_powers(user)
    else:
        required = mfa_required(user)
    if not required:
        return False
    if not hasattr(request, _HAS_TOTP_ATTRIBUTE):
        setattr(request, _HAS_TOTP_ATTRIBUTE, _session_has_totp(request, user))
    return not getattr(request, _HAS_TOTP_ATTRIBUTE)


def _session_has_totp(request, user):
    session = getattr(request, "session", None)
    if session is not None and session.get(TOTP_SEEN_SESSION_KEY) == user.pk:
        return True
    found = has_totp(user)
    if found and session is not None:
        session[TOTP_SEEN_SESSION_KEY] = user.pk
    return found


def remember_totp_in_session(sender, request=None, user=None, authenticator=None, **kwargs):
    """The app just set up: the session has seen it (allauth's `authenticator_added`)."""
    session = getattr(request, "session", None)
    if session is not None and user is not None and authenticator.type == Authenticator.Type.TOTP:
        session[TOTP_SEEN_SESSION_KEY] = user.pk


def remember_totp_at_login(sender, request, user, **kwargs):
    """At login, a user who must have the app and has it (allauth asked for its code before
    logging them in) starts with a session that has seen it, so no page after it asks again."""
    session = getattr(request, "session", None)
    if session is not None and mfa_required(user) and has_totp(user):
        session[TOTP_SEEN_SESSION_KEY] = user.pk


def forget_totp_in_session(sender, request=None, **kwargs):
    """After an authenticator is removed, ask the database again (allauth's signal)."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(TOTP_SEEN_SESSION_KEY, None)


def mfa_setup_redirect(request):
    """Send the user to set up an authenticator app, saying why, and remember where they were."""
    if request.method in {"GET", "HEAD"}:
        request.session[MFA_RETURN_SESSION_KEY] = request.get_full_path()
    else:
        # A form's address refuses the GET that going back would send: no way back from a POST.
        request.session.pop(MFA_RETURN_SESSION_KEY, None)
    if roles.is_coordinator(request.user):
        reason = _(
            "Coordinators manage the whole registry, so their accounts need two-factor "
            "authentication. Set up an authenticator app to continue; it takes a minute."
        )
    else:
        reason = _(
            "Your account can change the cluster's records, so it needs two-factor "
            "authentication. Set up an authenticator app to continue; it takes a minute."
        )
    messages.warning(request, reason)
    return redirect("mfa_activate_totp")


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """A user the portal requires an authenticator app of may not turn it off."""
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
