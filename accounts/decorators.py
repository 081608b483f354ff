"""Role decorators: anonymous visitors go to log in, users without the role get 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles


def role_required(check):
    """Make a decorator that lets in the users for whom `check(user)` holds."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
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
