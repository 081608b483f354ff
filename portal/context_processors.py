from django.conf import settings

from accounts import roles as account_roles
from meetings import selectors as meeting_selectors
from members import roles


def portal(request):
    """Expose the cluster's name and the visitor's roles to every template."""
    user = getattr(request, "user", None)
    return {
        "cluster_name": settings.CLUSTER_NAME,
        "is_coordinator": account_roles.is_coordinator(user),
        "represented_organisation": roles.represented_organisation(user),
        # Called only where a template asks (the main menu), so pages without it pay nothing.
        "sees_meetings": lambda: meeting_selectors.sees_meetings(user),
    }
