"""Meetings' services: convening (notice period, numbering), notices, reminders, cancellation,
the agenda, documents, opening and closing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEntry, OutboundEmail
from meetings import selectors, services
from meetings.models import AgendaItem, Meeting, MeetingNotice
from members.models import Person
from tests.agreements.pdfs import minimal_pdf
from tests.factories import active_member

from .factories import AgendaItemFactory, MeetingFactory, committed

pytestmark = pytest.mark.django_db
Status = Meeting.Status


def _members(count, *, languages=("pl",)):
    people = []
    for index in range(count):
        organisation = active_member()
        person = organisation.primary_representative
        person.language = languages[index % len(languages)]
        person.save()
        people.append(person)
    return people


# --- The notice period --------------------------------------------------------------------------


def test_a_meeting_is_convened_with_the_notice_period_kept(assembly_meeting, coordinator):
    _members(2)

    meeting = committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    assert meeting.status == Status.CONVENED
    assert meeting.number == 1
    assert meeting.year == timezone.localtime(meeting.starts_at).year
    assert meeting.notice_sent_at is not None
    assert AuditEntry.objects.filter(action="meeting.convened").count() == 1


def test_a_notice_later_than_the_body_rules_is_refused(assembly, coordinator):
    assembly.notice_days = 14
    assembly.save()
    meeting = MeetingFactory(body=assembly, starts_at=timezone.now() + datetime.timedelta(days=5))
    AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError) as error:
        committed(services.meeting_convene, actor=coordinator, meeting=meeting)

    assert error.value.code == "notice_period"
    assert "14" in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == Status.DRAFT and meeting.number is None


def test_an_ordinary_meeting_cannot_override_the_notice_period(assembly, coordinator):
    meeting = MeetingFactory(body=assembly, starts_at=timezone.now() + datetime.timedelta(days=2))
    AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError):
        committed(
            services.meeting_convene, actor=coordinator, meeting=meeting, override_reason="Pilne."
        )


def test_an_extraordinary_meeting_may_be_convened_at_short_notice_with_a_reason(
    assembly, coordinator
):
    meeting = MeetingFactory(
        body=assembly,
        kind=Meeting.Kind.EXTRAORDINARY,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        committed(services.meeting_convene, actor=coordinator, meeting=meeting)

    committed(
        services.meeting_convene,
        actor=coordinator,
        meeting=meeting,
        override_reason="Pilna uchwała.",
    )

    entry = AuditEntry.objects.get(action="meeting.convened")
    assert entry.changes["short_notice_reason"] == [None, "Pilna uchwała."]


def test_a_meeting_without_an_agenda_is_not_convened(assembly, coordinator):
    meeting = MeetingFactory(body=assembly)

    with pytest.raises(ValidationError) as error:
        committed(services.meeting_convene, actor=coordinator, meeting=meeting)

    assert error.value.code == "no_agenda"


def test_a_meeting_is_convened_once(assembly_meeting, coordinator):
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    with pytest.raises(ValidationError):
        committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)


# --- Numbering ----------------------------------------------------------------------------------


def test_meetings_are_numbered_per_body_and_year_without_gaps(assembly, council_body, coordinator):
    numbers = []
    for body in (assembly, assembly, council_body, assembly):
        meeting = MeetingFactory(body=body)
        AgendaItemFactory(meeting=meeting)
        numbers.append(
            committed(services.meeting_convene, actor=coordinator, meeting=meeting).number
        )

    assert numbers == [1, 2, 1, 3]


def test_a_cancelled_draft_takes_no_number(assembly, coordinator):
    draft = MeetingFactory(body=assembly)
    committed(services.meeting_cancel, actor=coordinator, meeting=draft)
    meeting = MeetingFactory(body=assembly)
    AgendaItemFactory(meeting=meeting)

    assert committed(services.meeting_convene, actor=coordinator, meeting=meeting).number == 1
    assert Meeting.objects.get(pk=draft.pk).number is None


# --- Notices ------------------------------------------------------------------------------------


def test_the_notice_goes_to_everyone_entitled_each_in_their_language(assembly_meeting, coordinator):
    people = _members(3, languages=("pl", "en", "de"))

    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    emails = {email.to: email for email in OutboundEmail.objects.filter(template="meetings_notice")}
    assert set(emails) == {person.email for person in people}
    assert emails[people[0].email].language == "pl"
    assert emails[people[1].email].language == "en"
    assert emails[people[2].email].language == "de"
    assert emails[people[0].email].subject != emails[people[1].email].subject
    assert assembly_meeting.title_en in emails[people[1].email].body_text
    assert assembly_meeting.title_pl in emails[people[0].email].body_text


def test_the_notice_carries_the_agenda_documents_and_a_calendar_file(assembly_meeting, coordinator):
    (person,) = _members(1, languages=("en",))
    item = assembly_meeting.agenda_items.get()
    document = services.meeting_document_add(
        actor=coordinator,
        meeting=assembly_meeting,
        title="Budget",
        upload=SimpleUploadedFile("budget.pdf", minimal_pdf(), "application/pdf"),
        agenda_item=item,
    )

    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    email = OutboundEmail.objects.get(template="meetings_notice", to=person.email)
    assert item.title_en in email.body_text
    assert f"/meetings/documents/{document.pk}/" in email.body_text
    (attachment,) = email.attachments
    assert attachment["filename"] == f"meeting-{assembly_meeting.pk}.ics"
    assert attachment["mimetype"] == "text/calendar"


def test_the_notice_task_run_twice_sends_one_mail_per_person(assembly_meeting, coordinator):
    people = _members(2)
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    sent_again = services.meeting_notices_send(meeting_id=assembly_meeting.pk)

    assert sent_again == 0
    assert OutboundEmail.objects.filter(template="meetings_notice").count() == len(people)
    assert MeetingNotice.objects.filter(kind=MeetingNotice.Kind.NOTICE).count() == len(people)


def test_a_council_meeting_notice_goes_to_council_members(
    council_meeting, council_member, representative, coordinator
):
    committed(services.meeting_convene, actor=coordinator, meeting=council_meeting)

    recipients = set(
        OutboundEmail.objects.filter(template="meetings_notice").values_list("to", flat=True)
    )
    assert recipients == {council_member.email}


def test_the_chair_and_secretary_have_the_notice_too(assembly_meeting, coordinator):
    _members(1)
    outside = Person.objects.create(
        first_name="Anna",
        last_name="Sekretarz",
        email="sekretarz@example.com",
        organisation=active_member(name="Biuro"),
    )
    assembly_meeting.secretary = outside
    assembly_meeting.save()

    assert outside in selectors.notice_recipients(meeting=assembly_meeting)


# --- The calendar file --------------------------------------------------------------------------


def test_the_ics_names_the_meeting_its_time_and_place(assembly_meeting):
    assembly_meeting.online_url = "https://meet.example.com/zgromadzenie"
    assembly_meeting.save()

    ics = services.meeting_ics(assembly_meeting, language="en").decode()

    assert "BEGIN:VEVENT" in ics
    assert f"UID:meeting-{assembly_meeting.pk}@" in ics
    assert assembly_meeting.title_en in ics
    assert "TZID=Europe/Warsaw" in ics
    assert "meet.example.com" in ics
    assert "STATUS:CONFIRMED" in ics


def test_the_ics_of_a_cancelled_meeting_says_so(assembly_meeting, coordinator):
    committed(services.meeting_cancel, actor=coordinator, meeting=assembly_meeting)
    assembly_meeting.refresh_from_db()

    assert "STATUS:CANCELLED" in services.meeting_ics(assembly_meeting).decode()


# --- Reminders and cancellation -----------------------------------------------------------------


def test_the_reminder_goes_once_to_everyone_notified(assembly_meeting, coordinator):
    people = _members(2)
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)
    later = assembly_meeting.starts_at - datetime.timedelta(days=1)

    assert list(services.reminders_due(now=later)) == [assembly_meeting.pk]
    assert services.meeting_reminder_send(meeting_id=assembly_meeting.pk) == len(people)
    assert services.meeting_reminder_send(meeting_id=assembly_meeting.pk) == 0
    assert list(services.reminders_due(now=later)) == []
    assert OutboundEmail.objects.filter(template="meetings_reminder").count() == len(people)


def test_the_reminder_is_not_due_a_week_ahead(assembly_meeting, coordinator):
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    week_before = assembly_meeting.starts_at - datetime.timedelta(days=7)
    assert list(services.reminders_due(now=week_before)) == []


def test_cancelling_a_convened_meeting_tells_everyone_notified(assembly_meeting, coordinator):
    people = _members(2)
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    committed(
        services.meeting_cancel, actor=coordinator, meeting=assembly_meeting, reason="Brak sali."
    )

    cancelled = OutboundEmail.objects.filter(template="meetings_cancelled")
    assert {email.to for email in cancelled} == {person.email for person in people}
    assert services.meeting_cancellation_send(meeting_id=assembly_meeting.pk) == 0


def test_cancelling_a_draft_sends_nothing(assembly_meeting, coordinator):
    _members(1)

    committed(services.meeting_cancel, actor=coordinator, meeting=assembly_meeting)

    assert not OutboundEmail.objects.exists()


# --- Opening and closing ------------------------------------------------------------------------


def test_a_meeting_is_opened_then_closed(assembly_meeting, coordinator):
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)

    meeting = services.meeting_open(actor=coordinator, meeting=assembly_meeting)
    assert meeting.status == Status.IN_SESSION and meeting.opened_at
    meeting = services.meeting_close(actor=coordinator, meeting=meeting)
    assert meeting.status == Status.CLOSED and meeting.closed_at


def test_a_draft_cannot_be_opened_nor_a_convened_meeting_closed(assembly_meeting, coordinator):
    with pytest.raises(ValidationError):
        services.meeting_open(actor=coordinator, meeting=assembly_meeting)
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)
    with pytest.raises(ValidationError):
        services.meeting_close(actor=coordinator, meeting=assembly_meeting)


def test_a_meeting_in_session_cannot_be_edited(assembly_meeting, coordinator):
    committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)
    services.meeting_open(actor=coordinator, meeting=assembly_meeting)

    with pytest.raises(ValidationError):
        services.meeting_save(actor=coordinator, meeting=assembly_meeting, data={"place": "Gdynia"})


# --- The agenda ---------------------------------------------------------------------------------


def _item_data(title, **fields):
    return {"kind": AgendaItem.Kind.REPORT, "title_pl": title, "title_en": title, **fields}


def test_agenda_items_are_added_in_order_moved_and_removed(assembly, coordinator):
    meeting = services.meeting_save(
        actor=coordinator,
        data={
            "body": assembly,
            "title_pl": "Zgromadzenie",
            "kind": Meeting.Kind.ORDINARY,
            "starts_at": timezone.now() + datetime.timedelta(days=30),
            "place": "Gdańsk",
        },
    )
    first, second, third = (
        services.agenda_item_save(actor=coordinator, meeting=meeting, data=_item_data(title))
        for title in ("A", "B", "C")
    )
    assert [first.order, second.order, third.order] == [1, 2, 3]

    services.agenda_item_move(actor=coordinator, item=third, up=True)
    assert list(meeting.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "A",
        "C",
        "B",
    ]
    services.agenda_item_delete(actor=coordinator, item=first)
    assert list(meeting.agenda_items.order_by("order").values_list("order", "title")) == [
        (1, "C"),
        (2, "B"),
    ]


def test_an_agenda_item_carries_only_draft_resolutions_of_the_body(
    assembly_meeting, council_body, coordinator
):
    from resolutions import services as resolution_services

    def draft(body):
        return resolution_services.resolution_draft_save(
            actor=coordinator,
            data={
                "body": body,
                "title_pl": "Uchwała",
                "content_pl": "Treść.",
                "legal_basis": "§ 1",
                "quorum_percent": body.quorum_percent,
                "majority": body.majority,
                "majority_base": body.majority_base,
            },
        )

    own, foreign = draft(assembly_meeting.body), draft(council_body)
    item = services.agenda_item_save(
        actor=coordinator,
        meeting=assembly_meeting,
        data=_item_data("Uchwały", kind=AgendaItem.Kind.RESOLUTIONS),
        resolutions=[own],
    )
    assert list(item.resolutions.all()) == [own]

    with pytest.raises(ValidationError):
        services.agenda_item_save(
            actor=coordinator,
            meeting=assembly_meeting,
            data=_item_data("Uchwały", kind=AgendaItem.Kind.RESOLUTIONS),
            resolutions=[foreign],
        )


def test_an_item_approving_minutes_names_an_earlier_meeting_of_the_body(
    assembly_meeting, council_meeting, coordinator
):
    with pytest.raises(ValidationError):
        services.agenda_item_save(
            actor=coordinator,
            meeting=assembly_meeting,
            data=_item_data("Protokół", kind=AgendaItem.Kind.MINUTES, minutes_of=council_meeting),
        )


def test_a_document_must_be_a_real_document(assembly_meeting, coordinator):
    with pytest.raises(ValidationError):
        services.meeting_document_add(
            actor=coordinator,
            meeting=assembly_meeting,
            title="Zły plik",
            upload=SimpleUploadedFile("evil.pdf", b"MZ not a pdf", "application/pdf"),
        )
