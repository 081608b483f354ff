"""Reads for elections: what a member sees, the ballot, the votes a person holds, results."""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from accounts.models import User
from members.models import Organisation, Person
from resolutions import electorate

from .models import Candidate, Election, ElectionVoter
from .services import votes_held

Status = Election.Status


def elections_for_members() -> models.QuerySet[Election]:
    """Every election past its drafting, for the members' list: the newest first."""
    return Election.objects.exclude(status=Status.CANCELLED).select_related("body")


def elections_of_person(*, person: Person | None) -> models.QuerySet[Election]:
    """The elections in which the person holds a vote (their own or a proxy's)."""
    if person is None:
        return Election.objects.none()
    return Election.objects.filter(
        models.Q(voters__person=person, voters__proxy__isnull=True) | models.Q(voters__proxy=person)
    ).distinct()


def person_of(user: User | AnonymousUser | None) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=user).first()


def ballot_of(*, election: Election) -> list[Candidate]:
    """The consented candidates, in the order of the ballot (by name)."""
    return list(
        Candidate.objects.filter(election=election, consented_at__isnull=False).select_related(
            "person__organisation"
        )
    )


def candidates_of(*, election: Election) -> list[Candidate]:
    """Every nominee, consented, declined or still to answer (for the coordinator)."""
    return list(
        Candidate.objects.filter(election=election).select_related(
            "person__organisation", "nominated_by"
        )
    )


def results_of(*, election: Election) -> list[Candidate]:
    """The candidates on the ballot, most votes first."""
    return list(
        Candidate.objects.filter(election=election, consented_at__isnull=False)
        .select_related("person__organisation")
        .order_by("-votes", "person__last_name", "person__first_name", "pk")
    )


def votes_of(*, election: Election, person: Person | None) -> list[ElectionVoter]:
    """The votes the person casts in the election (their own, and as a proxy)."""
    return list(votes_held(election=election, person=person))


def voter_turnout(*, election: Election) -> int:
    return ElectionVoter.objects.filter(election=election, voted_at__isnull=False).count()


def electorate_left_out(*, election: Election, on: datetime.date) -> list[tuple[Organisation, str]]:
    """Members the statute would leave out if voting opened on `on` (nominations still open)."""
    return electorate.electorate_left_out(election.body, on)


def electorate_left_out_recorded(*, election: Election) -> list[dict[str, Any]]:
    """Members the statute left out when the election's list of voters was fixed, and why."""
    return electorate.electorate_left_out_recorded(
        target=election, audit_action="election.electorate_restricted"
    )
