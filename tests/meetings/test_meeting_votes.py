"""Votes at the meeting: a named vote records each vote present (a proxy holder votes for the
member they hold), a secret one its paper totals; the resolution is numbered, closed and its PDF
produced as for electronic votes, and the quorum is recorded at each vote and election."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import attendance
from meetings.models import AgendaItem, Meeting, QuorumRecord
from resolutions.models import Ballot, Resolution, SecretBallot, VoteCast
from tests.elections.factories import election as election_of

from .attendance_helpers import (
    draft_resolution,
    meeting_of,
    member,
    proxy_pdf,
    resolutions_item,
)
from .factories import AgendaItemFactory, committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(assembly, coordinator, representative, employee):
    """An Assembly of four members in session: the representative and a second member present,
    a third member's vote held by the representative's colleague (present), a fourth away."""
    second = member("second@example.com")
    third = member("third@example.com")
    member("fourth@example.com")
    assembly.proxies_to_other_members = True
    assembly.save()
    meeting = meeting_of(assembly)
    attendance.meeting_proxy_grant(
        actor=third, meeting=meeting, holder=representative.person, document=proxy_pdf()
    )
    for person in (representative.person, second.person):
        attendance.attendance_check_in(
            actor=coordinator, meeting=meeting, person=person, mode="in_person"
        )
    return {"meeting": meeting, "second": second, "third": third}


def test_a_named_vote_records_each_vote_and_numbers_the_resolution(
    hall, assembly, coordinator, representative
):
    meeting, second, third = hall["meeting"], hall["second"], hall["third"]
    resolution = draft_resolution(assembly)
    item = resolutions_item(meeting, resolution)

    resolution = committed(
        attendance.meeting_resolution_vote,
        actor=coordinator,
        item=item,
        resolution=resolution,
        choices={
            representative.person.pk: "for",
            second.person.pk: "against",
            third.person.pk: "for",
        },
    )

    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.CLOSED
    assert resolution.method == Resolution.Method.MEETING
    assert resolution.number is not None
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstain) == (2, 1, 0)
    assert (resolution.eligible_count, resolution.participant_count) == (4, 3)
    assert resolution.outcome == Resolution.Outcome.ADOPTED
    assert resolution.pdf and len(resolution.pdf_sha256) == 64
    by_proxy = Ballot.objects.get(voter__resolution=resolution, voter__person=third.person)
    assert (by_proxy.choice, by_proxy.cast_by) == ("for", representative.person)
    assert VoteCast.objects.filter(voter__resolution=resolution).count() == 3
    record = QuorumRecord.objects.get(resolution=resolution)
    assert (record.eligible, record.present, record.by_proxy, record.required) == (4, 2, 1, 2)
    assert record.agenda_item == item and record.reached


def test_a_named_vote_takes_no_choice_of_a_vote_not_present(hall, assembly, coordinator):
    absent = member("absent@example.com")
    resolution = draft_resolution(assembly)
    item = resolutions_item(hall["meeting"], resolution)

    with pytest.raises(ValidationError) as raised:
        attendance.meeting_resolution_vote(
            actor=coordinator,
            item=item,
            resolution=resolution,
            choices={absent.person.pk: "for"},
        )

    assert "present" in " ".join(raised.value.messages)
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.DRAFT
    assert not QuorumRecord.objects.exists()


def test_a_secret_vote_takes_the_paper_totals(hall, assembly, coordinator):
    resolution = draft_resolution(assembly, is_secret=True)
    item = resolutions_item(hall["meeting"], resolution)

    resolution = committed(
        attendance.meeting_resolution_vote,
        actor=coordinator,
        item=item,
        resolution=resolution,
        votes_for=1,
        votes_against=2,
        votes_abstain=0,
    )

    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.CLOSED
    assert (resolution.votes_for, resolution.votes_against) == (1, 2)
    assert resolution.outcome == Resolution.Outcome.REJECTED
    assert not Ballot.objects.filter(voter__resolution=resolution).exists()
    assert not SecretBallot.objects.filter(resolution=resolution).exists()
    assert QuorumRecord.objects.filter(resolution=resolution).count() == 1


def test_more_paper_votes_than_present_are_refused(hall, assembly, coordinator):
    resolution = draft_resolution(assembly, is_secret=True)
    item = resolutions_item(hall["meeting"], resolution)

    with pytest.raises(ValidationError):
        attendance.meeting_resolution_vote(
            actor=coordinator, item=item, resolution=resolution, votes_for=4
        )

    assert not QuorumRecord.objects.exists()


def test_votes_only_while_in_session_and_on_the_item(assembly, coordinator):
    convened = meeting_of(assembly, status=Meeting.Status.CONVENED)
    resolution = draft_resolution(assembly)
    item = resolutions_item(convened, resolution)
    with pytest.raises(ValidationError) as raised:
        attendance.meeting_resolution_vote(
            actor=coordinator, item=item, resolution=resolution, choices={}
        )
    assert "in session" in " ".join(raised.value.messages)

    meeting = meeting_of(assembly)
    other_item = resolutions_item(meeting)
    with pytest.raises(ValidationError) as raised:
        attendance.meeting_resolution_vote(
            actor=coordinator, item=other_item, resolution=resolution, choices={}
        )
    assert "not on this agenda item" in " ".join(raised.value.messages)


def test_the_quorum_is_recorded_at_an_election(hall, assembly, coordinator):
    election = election_of(assembly, actor=coordinator, method="paper")
    item = AgendaItemFactory(
        meeting=hall["meeting"], kind=AgendaItem.Kind.ELECTION, election=election, order=9
    )

    record = attendance.meeting_election_quorum_record(actor=coordinator, item=item)

    assert (record.election, record.present, record.by_proxy, record.eligible) == (
        election,
        2,
        1,
        4,
    )


def _vote_url(item, resolution):
    kwargs = {"pk": item.pk, "resolution_pk": resolution.pk}
    return reverse("meetings:resolution_vote", kwargs=kwargs)


# --- Pages --------------------------------------------------------------------------------------


def test_the_clerk_records_a_named_vote_from_the_page(
    client_for, hall, assembly, coordinator, representative
):
    resolution = draft_resolution(assembly)
    item = resolutions_item(hall["meeting"], resolution)
    client = client_for(coordinator)
    url = _vote_url(item, resolution)
    page = client.get(url).content.decode()
    assert f'name="vote_{hall["third"].person.pk}"' in page

    response = client.post(
        url,
        {
            f"vote_{representative.person.pk}": "for",
            f"vote_{hall['second'].person.pk}": "abstain",
            f"vote_{hall['third'].person.pk}": "",
        },
    )

    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.votes_for, resolution.votes_abstain, resolution.participant_count) == (
        1,
        1,
        3,
    )
    votes_page = client.get(reverse("meetings:votes", kwargs={"pk": hall["meeting"].pk}))
    assert resolution.number_display in votes_page.content.decode()


def test_the_clerk_enters_paper_totals_from_the_page(client_for, hall, assembly, coordinator):
    resolution = draft_resolution(assembly, is_secret=True)
    item = resolutions_item(hall["meeting"], resolution)
    url = _vote_url(item, resolution)

    response = client_for(coordinator).post(
        url, {"votes_for": "3", "votes_against": "0", "votes_abstain": "0"}
    )

    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.outcome == Resolution.Outcome.ADOPTED


def test_the_votes_pages_are_for_the_clerk(client_for, hall, assembly, representative):
    resolution = draft_resolution(assembly)
    item = resolutions_item(hall["meeting"], resolution)
    client = client_for(representative)

    votes_url = reverse("meetings:votes", kwargs={"pk": hall["meeting"].pk})
    assert client.get(votes_url).status_code == 403
    url = _vote_url(item, resolution)
    assert client.post(url, {f"vote_{representative.person.pk}": "for"}).status_code == 403
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.DRAFT
