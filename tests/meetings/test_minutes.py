"""Minutes: drafted from the meeting's record in Polish, edited by the secretary or the
coordinator while a draft, approved under an item of a later meeting of the body, rendered to a
PDF whose SHA-256 is kept, published to the body's people once, listed in the register."""

import datetime
import hashlib
import secrets

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, OutboundEmail
from elections.models import Candidate, Election
from meetings import services
from meetings.models import AgendaItem, Attendance, MeetingProxy, Minutes, QuorumRecord
from members.models import Person
from resolutions import services as resolution_services
from tests.agreements.pdfs import minimal_pdf
from tests.factories import PersonFactory

from .factories import AgendaItemFactory, MeetingFactory, committed

pytestmark = pytest.mark.django_db
PUBLISHED = "meetings_minutes_published"


def _hold(meeting, coordinator):
    """Convene, open and close `meeting` through the services."""
    committed(services.meeting_convene, actor=coordinator, meeting=meeting)
    services.meeting_open(actor=coordinator, meeting=meeting)
    return services.meeting_close(actor=coordinator, meeting=meeting)


@pytest.fixture
def secretary(employee):
    return employee


@pytest.fixture
def held(assembly_meeting, coordinator, secretary):
    """A closed Assembly meeting whose secretary is the employee."""
    assembly_meeting.secretary = secretary.person
    assembly_meeting.save(update_fields=["secretary"])
    return _hold(assembly_meeting, coordinator)


@pytest.fixture
def later(assembly, held, coordinator):
    """A later Assembly meeting, in session, with an item approving the held meeting's minutes."""
    meeting = MeetingFactory(body=assembly, starts_at=held.starts_at + datetime.timedelta(days=30))
    AgendaItemFactory(
        meeting=meeting,
        order=1,
        kind=AgendaItem.Kind.MINUTES,
        title="Przyjęcie protokołu",
        title_pl="Przyjęcie protokołu",
        minutes_of=held,
    )
    committed(services.meeting_convene, actor=coordinator, meeting=meeting)
    return services.meeting_open(actor=coordinator, meeting=meeting)


@pytest.fixture
def drafted(held, coordinator):
    return services.minutes_draft(actor=coordinator, meeting=held)


def test_the_draft_has_the_agenda_attendance_proxies_quorum_tallies_and_notes(
    assembly, assembly_meeting, coordinator, representative, council_member, other_organisation
):
    rep = representative.person
    resolution = resolution_services.resolution_draft_save(
        actor=coordinator,
        data={"body": assembly, "title_pl": "w sprawie budżetu", "content_pl": "§ 1. Budżet."},
    )
    item = services.agenda_item_save(
        actor=coordinator,
        meeting=assembly_meeting,
        data={"kind": AgendaItem.Kind.RESOLUTIONS, "title_pl": "Uchwała budżetowa"},
        resolutions=[resolution],
    )
    election = Election.objects.create(
        body=assembly,
        title_pl="Wybory do Rady Klastra",
        title="Wybory do Rady Klastra",
        target=Election.Target.COUNCIL,
        seats=1,
        term_start=datetime.date(2027, 1, 1),
        term_end=datetime.date(2030, 12, 31),
        method=Election.Method.PAPER,
        status=Election.Status.CLOSED,
        eligible_count=3,
        participant_count=2,
    )
    candidate = PersonFactory(
        organisation=other_organisation, first_name="Ewa", last_name="Wybrana"
    )
    Candidate.objects.create(
        election=election,
        person=candidate,
        consented_at=timezone.now(),
        votes=2,
        elected=True,
        consent_token=secrets.token_urlsafe(16),
    )
    AgendaItemFactory(
        meeting=assembly_meeting,
        order=3,
        kind=AgendaItem.Kind.ELECTION,
        election=election,
        title_pl="Wybory",
        notes="Komisja skrutacyjna: Jan Liczący.",
    )
    _hold(assembly_meeting, coordinator)
    resolution_services.meeting_vote_record(
        resolution=resolution,
        actor=coordinator,
        meeting_date=timezone.localdate(),
        attendees=[rep],
        votes_for=1,
        votes_against=0,
        votes_abstain=0,
    )
    now = timezone.now()
    Attendance.objects.create(
        meeting=assembly_meeting,
        person=rep,
        organisation=rep.organisation,
        mode=Attendance.Mode.IN_PERSON,
        checked_in_at=now,
    )
    Attendance.objects.create(
        meeting=assembly_meeting,
        person=council_member.person,
        mode=Attendance.Mode.ONLINE,
        checked_in_at=now,
    )
    granter = other_organisation.primary_representative
    MeetingProxy.objects.create(
        meeting=assembly_meeting,
        organisation=other_organisation,
        granted_by=granter,
        holder=rep,
        document=ContentFile(minimal_pdf(), name="proxy.pdf"),
        used_at=now,
    )
    QuorumRecord.objects.create(
        meeting=assembly_meeting,
        agenda_item=item,
        resolution=resolution,
        eligible=4,
        present=2,
        by_proxy=1,
        required=2,
    )

    minutes = services.minutes_draft(actor=coordinator, meeting=assembly_meeting)

    text = minutes.text
    assert minutes.status == Minutes.Status.DRAFT
    assert assembly_meeting.number_display in text
    assert "Uchwała budżetowa" in text
    assert rep.full_name in text and council_member.person.full_name in text
    assert other_organisation.name in text and granter.full_name in text
    assert "2" in text and "4" in text
    resolution.refresh_from_db()
    assert resolution.number_display in text and "w sprawie budżetu" in text
    assert "Ewa Wybrana" in text
    assert "Komisja skrutacyjna: Jan Liczący." in text
    # The agenda's items in order: the election's item comes after the resolutions'.
    assert text.index("Uchwała budżetowa") < text.index("Wybory do Rady Klastra")


def test_minutes_are_drafted_only_once_the_meeting_is_held(assembly_meeting, coordinator):
    with pytest.raises(ValidationError):
        services.minutes_draft(actor=coordinator, meeting=assembly_meeting)

    assert not Minutes.objects.exists()


def test_the_secretary_edits_the_draft_and_it_is_audited(client_for, secretary, drafted, held):
    response = client_for(secretary).post(
        reverse("meetings:minutes_edit", kwargs={"pk": held.pk}), {"text": "Nowa treść."}
    )

    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.text == "Nowa treść."
    assert AuditEntry.objects.filter(action="minutes.updated").exists()


def test_a_member_who_is_not_the_secretary_cannot_edit(client_for, representative, drafted, held):
    client = client_for(representative)
    url = reverse("meetings:minutes_edit", kwargs={"pk": held.pk})

    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Cudza treść."}).status_code == 403
    with pytest.raises(ValidationError):
        services.minutes_update(actor=representative, minutes=drafted, text="Cudza treść.")
    drafted.refresh_from_db()
    assert drafted.text != "Cudza treść."


def test_the_coordinator_edits_the_draft_in_the_panel(client_for, coordinator, drafted, held):
    response = client_for(coordinator).post(
        reverse("panel_meetings:minutes", kwargs={"pk": held.pk}), {"text": "Z panelu."}
    )

    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.text == "Z panelu."


def test_approval_needs_a_later_meeting_with_an_item_for_the_minutes(
    assembly, drafted, held, coordinator
):
    # The same meeting approves nothing.
    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=drafted, at_meeting=held, actor=coordinator)
    # A later meeting without the item neither.
    other = MeetingFactory(body=assembly, starts_at=held.starts_at + datetime.timedelta(days=40))
    AgendaItemFactory(meeting=other, order=1)
    _hold(other, coordinator)
    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=drafted, at_meeting=other, actor=coordinator)

    drafted.refresh_from_db()
    assert drafted.status == Minutes.Status.DRAFT


def test_approval_waits_until_the_later_meeting_is_in_session(assembly, drafted, held, coordinator):
    meeting = MeetingFactory(body=assembly, starts_at=held.starts_at + datetime.timedelta(days=30))
    AgendaItemFactory(meeting=meeting, order=1, kind=AgendaItem.Kind.MINUTES, minutes_of=held)
    committed(services.meeting_convene, actor=coordinator, meeting=meeting)

    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=drafted, at_meeting=meeting, actor=coordinator)


def test_only_the_chair_or_the_coordinator_records_the_approval(
    client_for, representative, drafted, later
):
    item = later.agenda_items.get()
    response = client_for(representative).post(
        reverse("meetings:minutes_approve", kwargs={"pk": item.pk}), {"resolution": ""}
    )

    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=drafted, at_meeting=later, actor=representative)


def test_the_chair_approves_and_the_pdf_matches_its_sha256(
    client_for, representative, drafted, later, held
):
    later.chair = representative.person
    later.save(update_fields=["chair"])
    item = later.agenda_items.get()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(representative).post(
            reverse("meetings:minutes_approve", kwargs={"pk": item.pk}), {"resolution": ""}
        )

    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == Minutes.Status.APPROVED
    assert drafted.approved_at_meeting == later
    assert drafted.approved_on == timezone.localdate(later.opened_at)
    assert drafted.published_at is not None
    with drafted.pdf.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == drafted.pdf_sha256
    with pytest.raises(ValidationError):
        services.minutes_update(actor=representative, minutes=drafted, text="Po zatwierdzeniu.")


def test_publishing_tells_the_body_s_people_once_in_their_languages(
    drafted, later, coordinator, representative, other_organisation
):
    person = other_organisation.primary_representative
    Person.objects.filter(pk=person.pk).update(language="de")

    committed(services.minutes_approve, minutes=drafted, at_meeting=later, actor=coordinator)

    mails = OutboundEmail.objects.filter(template=PUBLISHED)
    recipients = {mail.to: mail.language for mail in mails}
    assert recipients[person.email] == "de"
    assert recipients[representative.person.email] == representative.person.language
    assert mails.count() == len(recipients)
    assert services.minutes_publish(minutes_id=drafted.pk) == 0
    assert OutboundEmail.objects.filter(template=PUBLISHED).count() == len(recipients)


@pytest.fixture
def approved(drafted, later, coordinator):
    committed(services.minutes_approve, minutes=drafted, at_meeting=later, actor=coordinator)
    drafted.refresh_from_db()
    return drafted


def test_the_register_links_the_approved_minutes(client_for, representative, approved):
    response = client_for(representative).get("/en/meetings/register/")

    assert reverse("meetings:minutes_pdf", kwargs={"pk": approved.pk}) in response.content.decode()


def test_the_meeting_page_marks_the_minutes_as_polish(client_for, representative, approved):
    page = client_for(representative).get(f"/en/meetings/{approved.meeting_id}/").content.decode()

    assert '<div class="minutes-text" lang="pl">' in page
    assert "fallback-note" in page
    assert reverse("meetings:minutes_pdf", kwargs={"pk": approved.pk}) in page


def test_a_member_of_the_body_downloads_the_pdf(client_for, employee, approved):
    response = client_for(employee).get(reverse("meetings:minutes_pdf", kwargs={"pk": approved.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pdf_is_refused_to_an_outsider_and_anonymous(client_for, outsider, approved):
    url = reverse("meetings:minutes_pdf", kwargs={"pk": approved.pk})

    assert client_for(outsider).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_draft_minutes_are_hidden_from_members(client_for, representative, drafted, held):
    page = client_for(representative).get(f"/en/meetings/{held.pk}/").content.decode()

    assert drafted.text.splitlines()[0] not in page


def test_the_minutes_of_a_council_meeting_are_the_council_s(
    client_for, employee, council_member, council_meeting, coordinator
):
    _hold(council_meeting, coordinator)
    minutes = services.minutes_draft(actor=coordinator, meeting=council_meeting)
    later = MeetingFactory(
        body=council_meeting.body, starts_at=council_meeting.starts_at + datetime.timedelta(days=9)
    )
    AgendaItemFactory(
        meeting=later, order=1, kind=AgendaItem.Kind.MINUTES, minutes_of=council_meeting
    )
    committed(services.meeting_convene, actor=coordinator, meeting=later)
    services.meeting_open(actor=coordinator, meeting=later)
    committed(services.minutes_approve, minutes=minutes, at_meeting=later, actor=coordinator)
    url = reverse("meetings:minutes_pdf", kwargs={"pk": minutes.pk})

    assert client_for(employee).get(url).status_code == 404
    assert client_for(council_member).get(url).status_code == 200
