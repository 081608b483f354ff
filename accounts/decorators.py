"""Role decorators: anonymous visitors go to log in, users without the role get 403.

Users the portal requires an authenticator app of (coordinators, admin staff, the council chair)
are sent to set it up first.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles
from .security import mfa_setup_redirect, request_lacks_required_mfa


def role_required(check, *, mfa_for_all=False):
    """Make a decorator that lets in the users for whom `check(user)` holds.

    With `mfa_for_all` everyone the check lets in needs an authenticator app, whatever else their
    account may do: the pages change records that a stolen password alone must not change.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            if request_lacks_required_mfa(request, always=mfa_for_all):
                return mfa_setup_redirect(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = role_required(roles.is_coordinator)
