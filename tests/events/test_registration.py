"""Registering: seats, the waiting list, promotion, refusals and the e-mails that go out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from core.models import AuditEntry, OutboundEmail
from events import services
from events.models import Event, Registration
from tests.factories import PersonFactory, UserFactory, active_member

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def _nothing_stored(before_registrations, before_emails):
    assert Registration.objects.count() == before_registrations
    assert OutboundEmail.objects.count() == before_emails


def test_it_confirms_until_the_seats_run_out_then_waitlists(members_event, colleagues, register):
    statuses = [register(members_event, person).status for person in colleagues]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    members_event.refresh_from_db()
    assert members_event.last_sequence == 3
    assert list(
        Registration.objects.filter(event=members_event)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    ) == [1, 2, 3]


def test_the_confirmation_carries_the_ics_and_the_waitlisted_mail_says_so(
    members_event, colleagues, register
):
    register(members_event, colleagues[0])
    register(members_event, colleagues[1])
    register(members_event, colleagues[2])
    confirmed, _second, waitlisted = mail.outbox
    assert confirmed.to == [colleagues[0].email]
    filename, content, mimetype = confirmed.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    assert Calendar.from_ical(content).walk("VEVENT")[0]["UID"]
    assert waitlisted.to == [colleagues[2].email]
    assert waitlisted.attachments == []
    assert "na liście rezerwowej" in waitlisted.body


def test_a_cancelled_seat_goes_to_the_first_waitlisted_who_is_told(
    members_event, colleagues, representative, register, committed
):
    first = register(members_event, colleagues[0])
    register(members_event, colleagues[1])
    third = register(members_event, colleagues[2])
    fourth = register(members_event, representative.person)
    mail.outbox.clear()

    with committed():
        _cancelled, promoted = services.registration_cancel(registration=first, actor=None)

    assert [registration.pk for registration in promoted] == [third.pk]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.CONFIRMED and third.promoted_at is not None
    assert fourth.status == Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[third.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_cancelling_a_waitlisted_registration_promotes_nobody(members_event, colleagues, register):
    register(members_event, colleagues[0])
    register(members_event, colleagues[1])
    waiting = register(members_event, colleagues[2])
    _cancelled, promoted = services.registration_cancel(registration=waiting, actor=None)
    assert promoted == []
    assert Registration.objects.filter(event=members_event, status=Status.CONFIRMED).count() == 2


def test_a_larger_capacity_promotes_the_waiting_list_in_order(
    members_event, colleagues, representative, register, coordinator
):
    for person in [*colleagues, representative.person]:
        register(members_event, person)
    services.event_update(event=members_event, actor=coordinator, data={"capacity": 3})
    assert list(
        Registration.objects.filter(event=members_event)
        .order_by("sequence")
        .values_list("status", flat=True)
    ) == [Status.CONFIRMED, Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]


def test_the_capacity_cannot_drop_below_the_seats_taken(
    members_event, colleagues, register, coordinator
):
    register(members_event, colleagues[0])
    register(members_event, colleagues[1])
    with pytest.raises(ValidationError) as error:
        services.event_update(event=members_event, actor=coordinator, data={"capacity": 1})
    assert "capacity" in error.value.message_dict


def test_cancelling_twice_is_refused_with_a_message(members_event, colleagues, register):
    registration = register(members_event, colleagues[0])
    services.registration_cancel(registration=registration, actor=None)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.registration_cancel(registration=registration, actor=None)


def test_a_person_may_register_again_after_cancelling(members_event, colleagues, register):
    registration = register(members_event, colleagues[0])
    services.registration_cancel(registration=registration, actor=None)
    again = register(members_event, colleagues[0])
    assert again.status == Status.CONFIRMED and again.sequence == 2


def test_registering_writes_the_audit_log(members_event, colleagues, register):
    registration = register(members_event, colleagues[0])
    entry = AuditEntry.objects.get(action="registration.created")
    assert entry.target_id == str(registration.pk)
    assert entry.changes["status"] == Status.CONFIRMED


# --- Acceptance 3: refusals with a clear message and nothing stored -----------------------------


def test_the_same_person_registering_twice_is_refused(members_event, colleagues, register):
    register(members_event, colleagues[0])
    counts = Registration.objects.count(), OutboundEmail.objects.count()
    with pytest.raises(ValidationError) as error:
        register(members_event, colleagues[0])
    assert error.value.messages == [
        f"{colleagues[0].full_name} is already registered for this event."
    ]
    _nothing_stored(*counts)


def test_the_same_e_mail_registering_twice_as_a_guest_is_refused(public_event):
    guest = {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"}
    services.registration_create(event=public_event, actor=None, language="en", guest=guest)
    counts = Registration.objects.count(), OutboundEmail.objects.count()
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(
            event=public_event,
            actor=None,
            language="en",
            guest={**guest, "email": "EWA@example.org"},
        )
    _nothing_stored(*counts)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Registration for this event is closed.",
        ),
        ({"status": Event.Status.CANCELLED}, "This event is cancelled."),
        ({"status": Event.Status.DRAFT}, "This event is not open for registration."),
    ],
)
def test_a_closed_registration_is_refused(colleagues, register, change, message):
    event = EventFactory(
        registration_opens_at=timezone.now() - timedelta(days=2),
        **change,
    )
    with pytest.raises(ValidationError) as error:
        register(event, colleagues[0])
    assert error.value.messages == [message]
    _nothing_stored(0, 0)


def test_a_registration_not_open_yet_says_when_it_opens(colleagues, register):
    event = EventFactory(registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="Registration opens on"):
        register(event, colleagues[0])
    _nothing_stored(0, 0)


def test_a_full_event_without_waiting_list_is_refused(colleagues, register):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event, colleagues[0])
    counts = Registration.objects.count(), OutboundEmail.objects.count()
    with pytest.raises(ValidationError) as error:
        register(event, colleagues[1])
    assert error.value.messages == ["The event is full and has no waiting list."]
    _nothing_stored(*counts)


def test_a_members_only_event_refuses_a_person_of_a_non_member(register):
    applicant_person = PersonFactory()  # the organisation is an applicant, not a member
    event = EventFactory(audience=Event.Audience.MEMBERS)
    with pytest.raises(ValidationError) as error:
        register(event, applicant_person)
    assert error.value.messages == [
        "Only people working for member organisations can register for this event."
    ]
    _nothing_stored(0, 0)


def test_a_members_only_event_refuses_a_guest():
    event = EventFactory(audience=Event.Audience.MEMBERS)
    guest = {"first_name": "Jan", "last_name": "Obcy", "email": "jan@example.org"}
    with pytest.raises(ValidationError, match="member organisations"):
        services.registration_create(event=event, actor=None, language="pl", guest=guest)
    with pytest.raises(ValidationError, match="not open to the public"):
        services.guest_registration_request(event=event, guest=guest, answers={}, language="pl")
    _nothing_stored(0, 0)


def test_an_action_group_event_refuses_members_outside_the_group(colleagues, register):
    from tests.factories import ActionGroupFactory

    group = ActionGroupFactory(name="Smart City", name_pl="Smart City")
    inside = active_member(name="W grupie")
    group.organisations.add(inside)
    event = EventFactory(audience=Event.Audience.ACTION_GROUP, action_group=group)
    with pytest.raises(ValidationError, match="action group “Smart City”"):
        register(event, colleagues[0])
    assert register(event, inside.primary_representative).status == Status.CONFIRMED


def test_an_unconfirmed_guest_gets_no_seat_until_the_link_is_confirmed(public_event, committed):
    guest = {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"}
    with committed():
        token = services.guest_registration_request(
            event=public_event, guest=guest, answers={}, language="en"
        )
    assert Registration.objects.count() == 0
    assert [message.to for message in mail.outbox] == [["ewa@example.org"]]
    assert f"/en/events/confirm/{token}/" in mail.outbox[0].body

    registration = services.guest_registration_confirm(token=token)
    assert registration.status == Status.CONFIRMED
    assert registration.person is None and registration.email == "ewa@example.org"


def test_a_tampered_or_expired_guest_link_is_refused(public_event, settings):
    guest = {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"}
    token = services.guest_registration_request(
        event=public_event, guest=guest, answers={}, language="en"
    )
    emails = OutboundEmail.objects.count()
    with pytest.raises(ValidationError, match="invalid or has expired"):
        services.guest_registration_confirm(token=token[:-2] + "xx")
    settings_max_age = services.GUEST_LINK_MAX_AGE
    services.GUEST_LINK_MAX_AGE = -1
    try:
        with pytest.raises(ValidationError, match="invalid or has expired"):
            services.guest_registration_confirm(token=token)
    finally:
        services.GUEST_LINK_MAX_AGE = settings_max_age
    _nothing_stored(0, emails)


def test_a_guest_link_confirmed_twice_registers_once(public_event):
    guest = {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"}
    token = services.guest_registration_request(
        event=public_event, guest=guest, answers={}, language="en"
    )
    services.guest_registration_confirm(token=token)
    with pytest.raises(ValidationError, match="already registered"):
        services.guest_registration_confirm(token=token)
    assert Registration.objects.count() == 1


def test_the_limit_per_organisation_holds(colleagues, register):
    event = EventFactory(capacity=10, per_organisation_limit=2)
    register(event, colleagues[0])
    register(event, colleagues[1])
    with pytest.raises(ValidationError, match="the most one organisation may register"):
        register(event, colleagues[2])
    assert Registration.objects.filter(event=event).count() == 2


def test_a_cancelled_event_notifies_everyone_registered_once(
    members_event, colleagues, register, coordinator, committed
):
    for person in colleagues:
        register(members_event, person)
    mail.outbox.clear()
    with committed():
        services.event_cancel(event=members_event, actor=coordinator, reason="Prelegent chory.")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in colleagues)
    assert "Prelegent chory." in mail.outbox[0].body
    with committed():
        assert services.event_cancellation_notices_send(event_id=members_event.pk) == 0
    assert len(mail.outbox) == 3


def test_the_answers_are_kept_with_the_registration(members_event, colleagues, register):
    registration = register(members_event, colleagues[0], answers={"7": "wegańska"})
    registration.refresh_from_db()
    assert registration.answers == {"7": "wegańska"}


def test_a_representative_registering_a_colleague_is_recorded(
    members_event, colleagues, representative, register
):
    registration = register(members_event, colleagues[0], actor=representative)
    assert registration.registered_by == representative
    assert registration.organisation == colleagues[0].organisation


def test_a_user_without_a_person_cannot_be_registered_as_a_member():
    with pytest.raises(ValueError):
        services.registration_create(
            event=EventFactory(), actor=UserFactory(), language="pl", person=None, guest=None
        )
