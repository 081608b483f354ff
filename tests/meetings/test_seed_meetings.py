"""`manage.py seed_meetings` (called by seed_demo): a past Assembly that elected the Council,
with approved minutes and their PDF, a later Assembly with a proxy, quorum records and draft
minutes, and a Council meeting convened for two weeks ahead; a second run changes nothing."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import OutboundEmail
from elections.models import Election
from meetings.models import Attendance, Meeting, MeetingProxy, Minutes, QuorumRecord
from tests.factories import CouncilSeatFactory, PersonFactory, UserFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(db):
    """Twelve active members, each with a colleague; three of their people sit on the Council."""
    organisations = [
        active_member(name=f"Członek {n} Sp. z o.o.", slug=f"czlonek-{n}") for n in range(12)
    ]
    for organisation in organisations:
        PersonFactory(organisation=organisation)
    term_start = datetime.date(timezone.localdate().year - 1, 1, 1)
    for number, organisation in enumerate(organisations[:3]):
        person = organisation.primary_representative
        person.user = UserFactory(email=f"rada{number}@example.com")
        person.save(update_fields=["user"])
        CouncilSeatFactory(
            person=person,
            term_start=term_start,
            term_end=term_start.replace(year=term_start.year + 3, month=12, day=31),
            is_chair=number == 0,
            totp=False,
        )
    call_command("seed_governance", "--demo", stdout=io.StringIO())
    call_command("seed_meetings", stdout=io.StringIO())
    return organisations


def _state():
    return [
        (model.__name__, list(model.objects.order_by("pk").values_list()))
        for model in (Meeting, Minutes, Attendance, MeetingProxy, QuorumRecord, Election)
    ]


def test_a_past_assembly_elected_the_council_and_its_minutes_are_approved_with_a_pdf(cluster):
    earlier = Meeting.objects.filter(body__slug="member-assembly").order_by("starts_at").first()
    minutes = earlier.minutes
    election = Election.objects.get()

    assert earlier.status == Meeting.Status.CLOSED
    assert earlier.agenda_items.filter(kind="election", election=election).exists()
    assert election.status == Election.Status.CLOSED
    elected = set(election.candidates.filter(elected=True).values_list("person__pk", flat=True))
    assert elected == {o.primary_representative_id for o in cluster[:3]}
    assert election.results_pdf
    # The count elects exactly the seated: each of them has more votes than any other candidate.
    votes = {c.person_id: c.votes for c in election.candidates.all()}
    assert min(votes[pk] for pk in elected) > max(v for pk, v in votes.items() if pk not in elected)
    record = earlier.quorum_records.get()
    assert earlier.starts_at <= record.recorded_at <= earlier.ends_at
    assert minutes.status == Minutes.Status.APPROVED and minutes.published_at is not None
    assert minutes.approved_at_meeting.starts_at > earlier.starts_at
    with minutes.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == minutes.pdf_sha256
    assert election.title_pl in minutes.text


def test_the_later_assembly_has_a_proxy_quorum_records_and_draft_minutes(cluster):
    later = Meeting.objects.filter(body__slug="member-assembly").order_by("starts_at").last()

    assert later.status == Meeting.Status.CLOSED
    assert later.starts_at < timezone.now()
    assert later.agenda_items.filter(kind="minutes").get().minutes_of.minutes.status == "approved"
    assert later.agenda_items.filter(kind="resolutions", resolutions__isnull=False).exists()
    assert MeetingProxy.objects.filter(meeting=later).count() == 1
    assert later.quorum_records.exists()
    assert later.minutes.status == Minutes.Status.DRAFT
    assert MeetingProxy.objects.get().holder.full_name in later.minutes.text


def test_a_council_meeting_is_convened_for_two_weeks_ahead_with_a_document(cluster):
    meeting = Meeting.objects.get(body__slug="council")

    assert meeting.status == Meeting.Status.CONVENED and meeting.number is not None
    assert meeting.starts_at.date() - timezone.localdate() == datetime.timedelta(days=14)
    assert meeting.agenda_items.count() >= 3
    assert meeting.documents.exists()


def test_it_sends_no_email_and_a_second_run_changes_nothing(cluster):
    before = _state()

    call_command("seed_meetings", stdout=io.StringIO())

    assert _state() == before
    assert not OutboundEmail.objects.exists()
