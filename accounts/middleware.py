"""End sessions that stay idle too long, or last too long, without a session write per request;
send staff without an authenticator app to set one up, whatever page they open."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .security import mfa_setup_redirect, request_lacks_required_mfa
from .views import mfa_continue

LAST_SEEN_KEY = "accounts.last_seen"
STARTED_KEY = "accounts.session_started"
# The last-seen time is written at most this often: a session write per request is costly, and a
# few minutes do not matter against an idle limit of hours.
LAST_SEEN_GRANULARITY = 300


class IdleSessionMiddleware:
    """Log out a user idle for SESSION_IDLE_TIMEOUT seconds or logged in for SESSION_COOKIE_AGE.

    Writing the last-seen time pushes the session's expiry forward, so the absolute limit is
    kept here as well. Anonymous visitors are left alone: their sessions are never written here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            last_seen = session.get(LAST_SEEN_KEY)
            started = session.get(STARTED_KEY, now)
            if (
                last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT
            ) or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(
                    request, _("Your session has ended. Please log in again to continue.")
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= LAST_SEEN_GRANULARITY:
                session[LAST_SEEN_KEY] = now
                session.setdefault(STARTED_KEY, now)
        return self.get_response(request)


def mark_session_start(sender, request, user, **kwargs):
    """Start the clocks at login, so the first requests after it write no session."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LAST_SEEN_KEY] = now
        request.session[STARTED_KEY] = now


# Views a user without the authenticator app they need may still open: their own account pages
# (setting up the app, re-authenticating, the password, logging out) and the language switch.
MFA_EXEMPT_VIEW_MODULES = ("allauth.", "django.views.i18n", "django.views.static")


def _mfa_exempt(view_func):
    return view_func is mfa_continue or (getattr(view_func, "__module__", None) or "").startswith(
        MFA_EXEMPT_VIEW_MODULES
    )


class RequiredMFAMiddleware:
    """Send coordinators, superusers and admin staff without an authenticator app to set one up.

    Role decorators ask on the portal's own pages, but the Django admin and pages open to any
    logged-in user (voting, proxies, one's registrations) have none: a password alone opened
    them. Asking here, for every view, leaves no page behind. Other users cost nothing here:
    the account's own fields say who is asked, and only they cost a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _mfa_exempt(view_func):
            return None
        if request_lacks_required_mfa(request, staff_only=True):
            return mfa_setup_redirect(request)
        return None
