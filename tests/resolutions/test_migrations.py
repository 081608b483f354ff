"""Migration 0004 takes the voters out of open secret votes and keeps every count as it was."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import PersonFactory, active_member

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("resolutions", "0003_clearer_labels")]


def _migrate(targets):
    """Migrate to `targets` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] == "resolutions"]


@pytest.fixture
def old_layout():
    """The models before voters and choices were kept apart; the latest schema comes back after."""
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_latest())


def _resolution(apps, body, number, *, is_secret, status):
    now = timezone.now()
    return apps.get_model("resolutions", "Resolution").objects.create(
        body_id=body.pk,
        number=number,
        year=now.year,
        title=f"Resolution {number}",
        content="…",
        is_secret=is_secret,
        status=status,
        outcome="adopted" if status == "closed" else "",
        voting_opens_at=now - timedelta(days=2),
        voting_closes_at=now + timedelta(days=1),
    )


def test_open_secret_ballots_lose_their_voters_and_every_vote_keeps_its_record(old_layout):
    apps = old_layout
    GoverningBody = apps.get_model("resolutions", "GoverningBody")
    EligibleVoter = apps.get_model("resolutions", "EligibleVoter")
    Ballot = apps.get_model("resolutions", "Ballot")
    SecretChoice = apps.get_model("resolutions", "SecretChoice")
    body = GoverningBody.objects.create(name="Rada", slug="rada", electorate="council")
    people = [PersonFactory(organisation=active_member()) for _ in range(5)]
    voted_at = timezone.now() - timedelta(hours=1)
    open_secret = _resolution(apps, body, 1, is_secret=True, status="open")
    closed_secret = _resolution(apps, body, 2, is_secret=True, status="closed")
    named = _resolution(apps, body, 3, is_secret=False, status="open")
    first, second, silent = (
        EligibleVoter.objects.create(resolution=open_secret, person_id=person.pk, voted_at=when)
        for person, when in zip(people[:3], [voted_at, voted_at, None], strict=True)
    )
    # The second voter's vote was cast by a proxy, whom the ballot names.
    Ballot.objects.create(voter=first, choice="for", cast_by_id=people[0].pk)
    Ballot.objects.create(voter=second, choice="against", cast_by_id=people[4].pk)
    anonymous = EligibleVoter.objects.create(
        resolution=closed_secret, person_id=people[3].pk, voted_at=voted_at
    )
    SecretChoice.objects.create(resolution=closed_secret, choice="abstain")
    named_voter = EligibleVoter.objects.create(
        resolution=named, person_id=people[4].pk, voted_at=voted_at
    )
    Ballot.objects.create(voter=named_voter, choice="for", cast_by_id=people[4].pk)

    apps = _migrate(_latest())

    VoteCast = apps.get_model("resolutions", "VoteCast")
    SecretBallot = apps.get_model("resolutions", "SecretBallot")
    casts = {cast.voter_id: (cast.cast_by_id, cast.cast_at) for cast in VoteCast.objects.all()}
    assert casts == {
        first.pk: (people[0].pk, voted_at),
        second.pk: (people[4].pk, voted_at),
        anonymous.pk: (None, voted_at),
        named_voter.pk: (people[4].pk, voted_at),
    }
    assert silent.pk not in casts

    def box(resolution):
        return sorted(
            SecretBallot.objects.filter(resolution_id=resolution.pk).values_list(
                "choice", flat=True
            )
        )

    assert box(open_secret) == ["against", "for"]
    assert box(closed_secret) == ["abstain"]
    ballots = apps.get_model("resolutions", "Ballot").objects.values_list("voter_id", "choice")
    assert list(ballots) == [(named_voter.pk, "for")]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "resolutions_eligiblevoter"
            )
        }
    assert "resolutions_secretchoice" not in tables
    assert "voted_at" not in columns

    # Going back is refused while a secret vote is open: its link to the voters is gone.
    with pytest.raises(IrreversibleError):
        _migrate(BEFORE)
    apps.get_model("resolutions", "Resolution").objects.filter(pk=open_secret.pk).update(
        status="closed", outcome="adopted"
    )
    apps = _migrate(BEFORE)
    voters = apps.get_model("resolutions", "EligibleVoter").objects
    assert voters.get(pk=first.pk).voted_at == voted_at
    assert voters.get(pk=silent.pk).voted_at is None
    old_box = apps.get_model("resolutions", "SecretChoice").objects.values_list("choice")
    assert sorted(choice for (choice,) in old_box) == ["abstain", "against", "for"]
