"""Real threads against PostgreSQL: one ballot per vote however many arrive at once."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from elections import services
from elections.models import BallotMark, Candidate, ElectionVoter

from .factories import bodies, candidate, election, member_voter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 40


def _run_at_once(jobs):
    """Run callables in threads released together; return the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _open(coordinator, voters):
    assembly = bodies()["member-assembly"]
    item = election(assembly, actor=coordinator, seats=2)
    people = [candidate(item, nominator=coordinator) for _ in range(3)]
    users = [member_voter(f"voter{n}@example.com") for n in range(voters)]
    item = services.voting_open(
        election=item, actor=coordinator, closes_at=timezone.now() + timedelta(hours=1)
    )
    return item, people, users


def test_two_ballots_at_once_by_the_same_voter_one_counts(coordinator):
    item, (a, b, c), (user,) = _open(coordinator, 1)
    jobs = [
        lambda marked=marked: services.election_ballot_cast(
            election=item, user=user, candidate_ids=[marked.pk]
        )
        for marked in (a, b)
    ]

    errors = _run_at_once(jobs)

    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "already been cast" in str(errors[0])
    assert BallotMark.objects.filter(election=item).count() == 1
    assert ElectionVoter.objects.filter(election=item, voted_at__isnull=False).count() == 1


def test_many_voters_at_once_leave_exact_counts(coordinator):
    item, (a, b, c), users = _open(coordinator, VOTERS)
    # Every voter marks a; every other voter b as well; each voter tries twice.
    jobs = []
    for index, user in enumerate(users):
        marked = [a.pk, b.pk] if index % 2 == 0 else [a.pk]
        for _attempt in range(2):
            jobs.append(
                lambda user=user, marked=marked: services.election_ballot_cast(
                    election=item, user=user, candidate_ids=marked
                )
            )

    errors = _run_at_once(jobs)

    assert len(errors) == VOTERS
    assert all("already been cast" in str(error) for error in errors)
    assert BallotMark.objects.filter(election=item, candidate=a).count() == VOTERS
    assert BallotMark.objects.filter(election=item, candidate=b).count() == VOTERS // 2
    closed = services.election_close(election=item, actor=coordinator)
    assert closed.participant_count == VOTERS
    votes = dict(Candidate.objects.filter(election=item).values_list("pk", "votes"))
    assert votes == {a.pk: VOTERS, b.pk: VOTERS // 2, c.pk: 0}
