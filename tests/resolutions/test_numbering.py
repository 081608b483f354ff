"""Numbers per body per year, without gaps or duplicates; meeting votes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation
from django.utils.formats import date_format

from resolutions import services
from resolutions.models import EligibleVoter, Resolution

from .conftest import draft, member_representative, opened


def test_numbers_run_per_body_and_drafts_take_none(assembly, council_body, chair, coordinator):
    member_representative("rep@example.com")
    year = timezone.localdate().year
    first = opened(council_body, actor=chair)
    unopened = draft(council_body, actor=chair)
    second = opened(council_body, actor=chair)
    in_assembly = opened(assembly, actor=coordinator)
    assert [(r.number, r.year) for r in (first, second, in_assembly)] == [
        (1, year),
        (2, year),
        (1, year),
    ]
    assert unopened.number is None
    services.resolution_draft_delete(resolution=unopened, actor=chair)
    assert opened(council_body, actor=chair).number == 3


def test_numbering_starts_again_each_year(council_body, chair, coordinator):
    last_year = opened(council_body, actor=chair)
    Resolution.objects.filter(pk=last_year.pk).update(year=timezone.localdate().year - 1)
    assert opened(council_body, actor=chair).number == 1


def test_the_database_refuses_a_duplicate_number(council_body, chair):
    resolution = opened(council_body, actor=chair)
    other = opened(council_body, actor=chair)
    with pytest.raises(IntegrityError):
        Resolution.objects.filter(pk=other.pk).update(number=resolution.number)


def test_a_numbered_resolution_cannot_be_deleted(council_body, chair):
    resolution = opened(council_body, actor=chair)
    with pytest.raises(ValidationError):
        services.resolution_draft_delete(resolution=resolution, actor=chair)


def test_a_body_without_voters_cannot_open_a_vote_and_takes_no_number(council_body, coordinator):
    resolution = draft(council_body)
    with pytest.raises(ValidationError) as raised:
        services.vote_open(
            resolution=resolution, actor=coordinator, closes_at=timezone.now() + timedelta(days=1)
        )
    assert "Nobody is eligible" in str(raised.value)
    resolution.refresh_from_db()
    assert (resolution.status, resolution.number) == ("draft", None)


def test_voting_cannot_close_in_the_past(council_body, chair):
    with pytest.raises(ValidationError):
        services.vote_open(
            resolution=draft(council_body),
            actor=chair,
            closes_at=timezone.now() - timedelta(minutes=1),
        )


def _meeting(resolution, coordinator, attendees, votes):
    return services.meeting_vote_record(
        resolution=resolution,
        actor=coordinator,
        meeting_date=timezone.localdate(),
        attendees=attendees,
        votes_for=votes[0],
        votes_against=votes[1],
        votes_abstain=votes[2],
    )


def test_a_meeting_vote_takes_the_quorum_from_attendance(assembly, coordinator):
    people = [member_representative(f"rep{n}@example.com").person for n in range(4)]
    resolution = _meeting(draft(assembly), coordinator, people[:2], (2, 0, 0))
    assert (resolution.status, resolution.outcome, resolution.number) == ("closed", "adopted", 1)
    assert resolution.participant_count == 2
    attended = EligibleVoter.objects.filter(resolution=resolution, attended=True)
    assert {voter.person for voter in attended} == set(people[:2])
    invalid = _meeting(draft(assembly), coordinator, people[:1], (1, 0, 0))
    assert (invalid.outcome, invalid.number) == ("invalid", 2)


def test_a_meeting_vote_cannot_count_more_votes_than_attendees(assembly, coordinator):
    people = [member_representative(f"rep{n}@example.com").person for n in range(2)]
    resolution = draft(assembly)
    with pytest.raises(ValidationError) as raised:
        _meeting(resolution, coordinator, people[:1], (1, 1, 0))
    assert "More votes were recorded" in str(raised.value)
    resolution.refresh_from_db()
    assert resolution.status == "draft"
    assert not EligibleVoter.objects.exists()


def test_a_meeting_vote_is_recorded_after_the_meeting(assembly, coordinator):
    member_representative("rep@example.com")
    with pytest.raises(ValidationError):
        services.meeting_vote_record(
            resolution=draft(assembly),
            actor=coordinator,
            meeting_date=date.today() + timedelta(days=2),
            attendees=[],
            votes_for=0,
            votes_against=0,
            votes_abstain=0,
        )


def test_a_resolution_voted_at_a_meeting_is_dated_by_the_meeting(assembly, coordinator, client):
    person = member_representative("rep@example.com").person
    meeting_date = timezone.localdate() - timedelta(days=20)
    resolution = services.meeting_vote_record(
        resolution=draft(assembly),
        actor=coordinator,
        meeting_date=meeting_date,
        attendees=[person],
        votes_for=1,
        votes_against=0,
        votes_abstain=0,
    )

    assert resolution.decided_on == meeting_date
    with translation.override("en"):
        shown = date_format(meeting_date, "SHORT_DATE_FORMAT")
    client.force_login(coordinator)
    assert shown in client.get("/en/resolutions/").content.decode()
