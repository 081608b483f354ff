"""A secret vote: changeable while open, and no table links a choice to a voter once closed."""

from django.db import connection

from core.models import AuditEntry
from resolutions import services
from resolutions.models import Ballot, EligibleVoter, SecretChoice

from .conftest import opened


def _every_row():
    """Every row of every table of the database, with its table's name."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            rows.extend((table, dict(zip(columns, row, strict=True))) for row in cursor.fetchall())
    return rows


def test_after_closing_no_table_links_a_choice_to_a_voter(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="against")
    services.ballot_cast(resolution=resolution, user=councillors[1], choice="for")
    # While open the voter's own ballot exists, so the vote can still be changed.
    assert Ballot.objects.filter(voter__resolution=resolution).count() == 2

    closed = services.vote_close(resolution=resolution, actor=chair)

    assert (closed.votes_for, closed.votes_against, closed.participant_count) == (1, 1, 2)
    assert not Ballot.objects.filter(voter__resolution=resolution).exists()
    choices = SecretChoice.objects.filter(resolution=resolution)
    assert sorted(choices.values_list("choice", flat=True)) == ["against", "for"]
    assert {field.name for field in SecretChoice._meta.get_fields()} == {
        "id",
        "resolution",
        "choice",
    }
    took_part = EligibleVoter.objects.filter(resolution=resolution, voted_at__isnull=False)
    assert {voter.person.user for voter in took_part} == set(councillors)

    # Read every row of every table: a choice appears only in rows that hold nothing else.
    for table, row in _every_row():
        values = {value for value in row.values() if value is not None}
        text = " ".join(str(value) for value in values)
        holds_a_choice = values & {"for", "against"} or '"choice"' in text
        if holds_a_choice:
            assert table == SecretChoice._meta.db_table, (table, row)
            assert set(row) == {"id", "resolution_id", "choice"}


def test_the_audit_log_of_a_secret_vote_records_participation_only(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    entry = AuditEntry.objects.get(action="ballot.cast")
    assert "choice" not in entry.changes
    assert entry.changes["voter"] == str(councillors[0].person)


def test_a_named_vote_keeps_the_ballots_after_closing(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.vote_close(resolution=resolution, actor=chair)
    assert [ballot.voter.person.user for ballot in services.named_votes(resolution)] == [
        councillors[0]
    ]
    assert not SecretChoice.objects.exists()
