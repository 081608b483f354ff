"""Named role checks about people and organisations: who works for a member, represents it, sits
on the council. Views, templates and services ask these, never the models directly."""

from django.utils import timezone

from accounts.roles import is_coordinator

from .models import Organisation, Person


def person_of(user):
    """Return the registry person linked to a user account, or None."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def member_person_of(user):
    """Return the user's person when their organisation is an active member, else None."""
    person = person_of(user)
    if person is None or person.organisation.status != Organisation.Status.ACTIVE:
        return None
    return person


def represented_organisation(user):
    """Return the active member organisation the user represents, or None."""
    person = member_person_of(user)
    if person is None or person.role != Person.Role.REPRESENTATIVE:
        return None
    return person.organisation


def is_member_employee(user):
    """Anyone working for an active member organisation, representatives included."""
    return member_person_of(user) is not None


def sees_members_only_content(user):
    """People of active members and coordinators read what the cluster keeps for its members."""
    return is_coordinator(user) or is_member_employee(user)


def council_seat_of(user, *, on=None):
    """Return the user's current council seat, or None when they are not on the council."""
    person = person_of(user)
    if person is None:
        return None
    on = on or timezone.localdate()
    return person.council_seats.in_office(on=on).first()


def is_council_member(user, *, on=None):
    return council_seat_of(user, on=on) is not None


def is_council_chair(user, *, on=None):
    seat = council_seat_of(user, on=on)
    return seat is not None and seat.is_chair
