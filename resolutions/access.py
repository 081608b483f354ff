"""Who may manage and who may see resolutions, as named checks, a decorator and a 404 helper."""

from django.shortcuts import get_object_or_404

from accounts import roles as account_roles
from accounts.decorators import role_required
from members import roles

from . import selectors


def can_manage_resolutions(user):
    """The coordinator and the council chair draft resolutions, open and close votes."""
    return account_roles.is_coordinator(user) or roles.is_council_chair(user)


def can_see_plans(user):
    """The cluster's own people: members' staff, the council and the coordinator."""
    return (
        account_roles.is_coordinator(user)
        or roles.is_member_employee(user)
        or roles.is_council_member(user)
    )


# Drafting, deleting, opening and closing change governance records: whoever may do it (the
# chair as much as the coordinator) needs two-factor authentication for it.
resolution_manager_required = role_required(can_manage_resolutions, mfa_for_all=True)
plan_reader_required = role_required(can_see_plans)


def get_resolution_for(user, pk):
    """Return a resolution the user may see, or raise 404 so others cannot learn it exists."""
    return get_object_or_404(
        selectors.resolutions_visible_to(user, managing=can_manage_resolutions(user)),
        pk=pk,
    )
