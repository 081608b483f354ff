"""Real threads against PostgreSQL: one counted ballot per voter, gap-free numbers."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from core.models import AuditEntry
from resolutions import services
from resolutions.models import Ballot, Resolution, SecretBallot, VoteCast

from .conftest import draft, member_representative

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 50
# These voters vote from several threads at once, each thread with another choice.
REPEATED = dict.fromkeys(range(0, VOTERS, 5), 3)
CHOICES = ["for", "against", "abstain"]


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


def _open_assembly_vote(assembly, coordinator):
    users = [member_representative(f"voter{n}@example.com") for n in range(VOTERS)]
    resolution = services.vote_open(
        resolution=draft(assembly),
        actor=coordinator,
        closes_at=timezone.now() + timedelta(hours=1),
    )
    return resolution, users


def test_fifty_voters_at_once_leave_one_ballot_each_and_an_exact_tally(assembly, coordinator):
    resolution, users = _open_assembly_vote(assembly, coordinator)
    jobs = []
    for index, user in enumerate(users):
        for attempt in range(REPEATED.get(index, 1)):
            choice = CHOICES[(index + attempt) % 3]
            jobs.append(
                lambda user=user, choice=choice: services.ballot_cast(
                    resolution=resolution, user=user, choice=choice
                )
            )
    assert len(jobs) > VOTERS

    errors = _run_at_once(jobs)

    assert errors == []
    ballots = Ballot.objects.filter(voter__resolution=resolution)
    assert ballots.count() == VOTERS
    assert ballots.values("voter").distinct().count() == VOTERS
    for index, user in enumerate(users):
        possible = {CHOICES[(index + attempt) % 3] for attempt in range(REPEATED.get(index, 1))}
        assert ballots.get(voter__person__user=user).choice in possible
    closed = services.vote_close(resolution=resolution, actor=coordinator)
    by_choice = {choice: ballots.filter(choice=choice).count() for choice in CHOICES}
    assert (closed.votes_for, closed.votes_against, closed.votes_abstain) == (
        by_choice["for"],
        by_choice["against"],
        by_choice["abstain"],
    )
    assert closed.participant_count == VOTERS == closed.votes_cast


def test_secret_ballots_from_many_threads_count_once_per_voter(assembly, coordinator):
    """The same voters try again from several threads: one ballot each, the rest refused."""
    resolution, users = _open_assembly_vote(assembly, coordinator)
    Resolution.objects.filter(pk=resolution.pk).update(is_secret=True)
    jobs = []
    for index, user in enumerate(users):
        for attempt in range(REPEATED.get(index, 1)):
            jobs.append(
                lambda user=user, choice=CHOICES[(index + attempt) % 3]: services.ballot_cast(
                    resolution=resolution, user=user, choice=choice
                )
            )

    errors = _run_at_once(jobs)

    assert len(errors) == len(jobs) - VOTERS
    assert all(getattr(error, "code", None) == "already_voted" for error in errors)
    assert SecretBallot.objects.filter(resolution=resolution).count() == VOTERS
    assert VoteCast.objects.filter(voter__resolution=resolution).count() == VOTERS
    assert not Ballot.objects.exists()
    closed = services.vote_close(resolution=resolution, actor=coordinator)
    assert closed.participant_count == VOTERS == closed.votes_cast


def test_closing_while_votes_arrive_counts_exactly_the_ballots_recorded(assembly, coordinator):
    resolution, users = _open_assembly_vote(assembly, coordinator)
    jobs = [
        lambda user=user: services.ballot_cast(resolution=resolution, user=user, choice="for")
        for user in users
    ]
    jobs.insert(VOTERS // 2, lambda: services.vote_close(resolution=resolution, actor=coordinator))

    errors = _run_at_once(jobs)

    assert all(isinstance(error, ValidationError) for error in errors)
    assert all("has closed" in " ".join(error.messages) for error in errors)
    closed = Resolution.objects.get(pk=resolution.pk)
    counted = Ballot.objects.filter(voter__resolution=resolution).count()
    assert closed.votes_for == counted == VOTERS - len(errors)
    took_part = VoteCast.objects.filter(voter__resolution=resolution)
    assert took_part.count() == counted


def test_resolutions_opened_at_once_get_consecutive_numbers(council_body, chair):
    drafts = [draft(council_body) for _ in range(12)]
    closes_at = timezone.now() + timedelta(days=1)
    errors = _run_at_once(
        [
            lambda resolution=resolution: services.vote_open(
                resolution=resolution, actor=chair, closes_at=closes_at
            )
            for resolution in drafts
        ]
    )
    assert errors == []
    numbers = sorted(Resolution.objects.filter(body=council_body).values_list("number", flat=True))
    assert numbers == list(range(1, 13))


def test_closing_from_two_threads_gives_one_result(council_body, chair, councillors):
    resolution = services.vote_open(
        resolution=draft(council_body),
        actor=chair,
        closes_at=timezone.now() + timedelta(days=1),
    )
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    errors = _run_at_once(
        [lambda: services.vote_close(resolution=resolution, actor=chair) for _ in range(5)]
    )
    assert errors == []
    assert AuditEntry.objects.filter(action="resolution.vote_closed").count() == 1
