"""Decorators for the pages of member organisations' people: anonymous visitors go to log in,
others get 403. Built on the accounts' `role_required`, which also asks for two-factor
authentication where the account needs it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.decorators import role_required

from . import roles

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
