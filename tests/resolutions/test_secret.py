"""A secret vote: who voted is kept apart from what was chosen, from the first ballot on.

The checks read the database the way an operator, a backup or a leaked replica would: every row
of every table, with no help from the models.
"""

import json
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.models import AuditEntry
from resolutions import services
from resolutions.models import Ballot, Choice, EligibleVoter, SecretBallot, VoteCast
from tests.agreements.pdfs import minimal_pdf

from .conftest import member_representative, opened

CHOICES = set(Choice.values)


def _every_row():
    """Every row of every table of the database, with its table's name."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows.extend((table, dict(zip(columns, row, strict=True))) for row in cursor.fetchall())
    return rows


def _holds_a_choice(value):
    """Whether a column's value is a choice, or JSON holding a choice or a "choice" key."""
    if isinstance(value, str):
        if value in CHOICES:
            return True
        try:
            value = json.loads(value)
        except ValueError:
            return False
        return isinstance(value, dict | list) and _holds_a_choice(value)
    if isinstance(value, dict):
        return "choice" in value or any(_holds_a_choice(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_a_choice(item) for item in value)
    return False


def _row_values(table, row):
    values = list(row.values())
    if table == "django_session":
        # Session data is signed, not encrypted: whoever reads the table can decode it.
        values.append(SessionStore().decode(row["session_data"]))
    return values


def _assert_no_row_ties_a_voter_to_a_choice(resolution, voters):
    """Only the secret ballot box holds choices, and its rows hold nothing but the resolution.

    `voters` are the users who voted; none of what identifies them may share a row with a choice.
    """
    box = SecretBallot._meta.db_table
    identifiers = set()
    for user in voters:
        person = user.person
        identifiers |= {user.email, person.email, person.full_name, person.last_name}
    rows_with_a_choice = []
    for table, row in _every_row():
        values = _row_values(table, row)
        if not any(_holds_a_choice(value) for value in values):
            continue
        rows_with_a_choice.append(row)
        assert table == box, (table, row)
        assert set(row) == {"id", "resolution_id", "choice"}, row
        assert uuid.UUID(str(row["id"]))
        assert row["resolution_id"] == resolution.pk
        assert not identifiers & {str(value) for value in values}
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, box)
    assert {column: target for column, (_key, target) in relations.items()} == {
        "resolution_id": "resolutions_resolution"
    }
    return rows_with_a_choice


def test_a_secret_ballot_is_final_and_the_first_choice_counts(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")

    with pytest.raises(ValidationError) as raised:
        services.ballot_cast(resolution=resolution, user=councillors[0], choice="against")

    assert raised.value.code == "already_voted"
    assert "A secret ballot is final" in " ".join(raised.value.messages)
    assert list(SecretBallot.objects.values_list("choice", flat=True)) == ["for"]
    assert AuditEntry.objects.filter(action__startswith="ballot.").count() == 1
    closed = services.vote_close(resolution=resolution, actor=chair)
    assert (closed.votes_for, closed.votes_against, closed.participant_count) == (1, 0, 1)


def test_a_secret_vote_stores_who_voted_apart_from_choices_that_name_no_one(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair, is_secret=True)
    before = timezone.now()
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[1], choice="against")

    assert not Ballot.objects.exists()
    assert {field.name for field in SecretBallot._meta.get_fields()} == {
        "id",
        "resolution",
        "choice",
    }
    assert sorted(SecretBallot.objects.values_list("choice", flat=True)) == ["against", "for"]
    assert {field.name for field in VoteCast._meta.get_fields()} == {"voter", "cast_by", "cast_at"}
    casts = VoteCast.objects.filter(voter__resolution=resolution)
    assert {cast.voter.person.user for cast in casts} == set(councillors)
    assert all(cast.cast_by == cast.voter.person and cast.cast_at >= before for cast in casts)


def test_each_secret_ballot_rewrites_the_box_with_new_ids(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    first = set(SecretBallot.objects.values_list("pk", flat=True))

    services.ballot_cast(resolution=resolution, user=councillors[1], choice="for")

    second = set(SecretBallot.objects.values_list("pk", flat=True))
    assert len(second) == 2
    assert not first & second


def test_a_proxy_casting_a_secret_vote_is_recorded_as_the_one_who_cast_it(
    assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator, is_secret=True)
    voter = services.proxy_grant(
        resolution=resolution,
        user=representative,
        proxy=employee.person,
        document=SimpleUploadedFile("proxy.pdf", minimal_pdf()),
    )

    services.ballot_cast(resolution=resolution, user=employee, choice="against")

    cast = VoteCast.objects.get(voter=voter)
    assert (cast.voter.person, cast.cast_by) == (representative.person, employee.person)
    entry = AuditEntry.objects.get(action="ballot.cast")
    assert entry.changes == {
        "voter": str(representative.person),
        "cast_by": str(employee.person),
    }
    assert entry.actor == employee


def test_the_database_refuses_a_second_record_of_the_same_vote(council_body, chair):
    resolution = opened(council_body, actor=chair, is_secret=True)
    voter = EligibleVoter.objects.get(resolution=resolution, person=chair.person)
    VoteCast.objects.create(voter=voter, cast_by=chair.person, cast_at=timezone.now())

    with pytest.raises(IntegrityError), transaction.atomic():
        VoteCast.objects.create(voter=voter, cast_by=chair.person, cast_at=timezone.now())


def test_while_a_secret_vote_is_open_no_table_ties_a_voter_to_a_choice(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[1], choice="against")
    services.ballot_cast(resolution=resolution, user=chair, choice="abstain")

    rows = _assert_no_row_ties_a_voter_to_a_choice(resolution, [chair, *councillors])

    assert sorted(row["choice"] for row in rows) == ["abstain", "against", "for"]


def test_after_closing_no_table_ties_a_voter_to_a_choice(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[1], choice="against")

    closed = services.vote_close(resolution=resolution, actor=chair)

    assert (closed.votes_for, closed.votes_against, closed.participant_count) == (1, 1, 2)
    took_part = VoteCast.objects.filter(voter__resolution=resolution)
    assert {cast.voter.person.user for cast in took_part} == set(councillors)
    rows = _assert_no_row_ties_a_voter_to_a_choice(resolution, councillors)
    assert sorted(row["choice"] for row in rows) == ["against", "for"]


def test_the_audit_log_of_a_secret_vote_records_participation_only(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair, is_secret=True)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    entry = AuditEntry.objects.get(action="ballot.cast")
    assert entry.changes == {"voter": str(councillors[0].person)}


def test_a_named_vote_keeps_who_chose_what(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="against")
    services.vote_close(resolution=resolution, actor=chair)
    assert [
        (ballot.voter.person.user, ballot.choice) for ballot in services.named_votes(resolution)
    ] == [(councillors[0], "against")]
    assert VoteCast.objects.get().voter.person.user == councillors[0]
    assert not SecretBallot.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_acceptance_reading_every_table_during_a_secret_vote_ties_no_voter_to_a_choice(
    assembly, coordinator, representative, employee, client_for
):
    """Votes cast through the pages, one by a proxy, all committed; then every table is read."""
    others = [member_representative(f"secret{n}@example.com") for n in range(3)]
    resolution = opened(assembly, actor=coordinator, is_secret=True)
    client_for(representative).post(
        f"/en/resolutions/{resolution.pk}/proxy/",
        {"proxy": employee.person.pk, "document": SimpleUploadedFile("proxy.pdf", minimal_pdf())},
    )
    votes = [(employee, "against"), (others[0], "for"), (others[1], "abstain"), (others[2], "for")]
    for user, choice in votes:
        response = client_for(user).post(
            f"/en/resolutions/{resolution.pk}/vote/", {"choice": choice}, follow=True
        )
        assert response.status_code == 200
        assert b"The vote is secret: your choice is kept without your name" in response.content

    voters = [representative, employee, *others]
    rows = _assert_no_row_ties_a_voter_to_a_choice(resolution, voters)

    assert sorted(row["choice"] for row in rows) == ["abstain", "against", "for", "for"]
    assert VoteCast.objects.filter(voter__resolution=resolution).count() == 4
    for entry in AuditEntry.objects.filter(action__startswith="ballot."):
        assert set(entry.changes) <= {"voter", "cast_by"}
    with connection.cursor() as cursor:
        # The transaction that wrote a row is visible to whoever reads the table (xmin): the last
        # ballot rewrote the whole box, so it does not single out one row.
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM resolutions_secretballot"
            " WHERE resolution_id = %s",
            [resolution.pk],
        )
        assert cursor.fetchone() == (1,)
    closed = services.vote_close(resolution=resolution, actor=coordinator)
    assert (closed.votes_for, closed.votes_against, closed.votes_abstain) == (2, 1, 1)


def test_the_check_itself_finds_a_named_vote_linking_voters_to_choices(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")

    with pytest.raises(AssertionError):
        _assert_no_row_ties_a_voter_to_a_choice(resolution, councillors)
