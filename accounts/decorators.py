"""Role decorators: anonymous visitors go to log in, users without the role get 403.

Coordinators must also have an authenticator app: one without it is sent to set it up first.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import roles
from .security import MFA_RETURN_SESSION_KEY, lacks_required_mfa


def _mfa_setup_redirect(request):
    request.session[MFA_RETURN_SESSION_KEY] = request.get_full_path()
    messages.warning(
        request,
        _(
            "Coordinators manage the whole registry, so their accounts need two-factor "
            "authentication. Set up an authenticator app to continue; it takes a minute."
        ),
    )
    return redirect("mfa_activate_totp")


def role_required(check):
    """Make a decorator that lets in the users for whom `check(user)` holds."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            if lacks_required_mfa(request.user):
                return _mfa_setup_redirect(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = role_required(roles.is_coordinator)
member_required = role_required(roles.sees_members_only_content)


def representative_required(view):
    """Let representatives of an active member in; the view gets `request.organisation`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        organisation = roles.represented_organisation(request.user)
        if organisation is None:
            raise PermissionDenied
        request.organisation = organisation
        return view(request, *args, **kwargs)

    return wrapper
