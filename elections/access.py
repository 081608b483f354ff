"""Who may see elections: the people of active members and the coordinator; a 404 helper."""

from django.shortcuts import get_object_or_404

from members.decorators import member_required

from .models import Election

__all__ = ["member_required", "get_election_for"]


def get_election_for(user, pk):
    """Return an election a member may see (any not cancelled), or raise 404."""
    return get_object_or_404(
        Election.objects.exclude(status=Election.Status.CANCELLED).select_related("body"), pk=pk
    )
