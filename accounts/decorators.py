"""Role decorators: anonymous visitors go to log in, users without the role get 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles


def coordinator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


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
