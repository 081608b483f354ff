"""The register at the door and online: the clerk checks people in and marks them leaving,
online participants check themselves in, and the quorum follows attendance and proxies."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import attendance
from meetings.models import Attendance, Meeting
from members.models import Person

from .attendance_helpers import colleague, meeting_of, member, proxy_pdf

pytestmark = pytest.mark.django_db


def _check_in(actor, meeting, person, mode="in_person"):
    return attendance.attendance_check_in(actor=actor, meeting=meeting, person=person, mode=mode)


def test_the_clerk_checks_an_entitled_person_in_once(assembly, coordinator, representative):
    meeting = meeting_of(assembly)

    row = _check_in(coordinator, meeting, representative.person)

    assert (row.person, row.organisation, row.mode, row.checked_in_by) == (
        representative.person,
        representative.person.organisation,
        "in_person",
        coordinator,
    )
    with pytest.raises(ValidationError) as raised:
        _check_in(coordinator, meeting, representative.person, mode="online")
    assert "already checked in" in " ".join(raised.value.messages)
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_a_person_not_entitled_is_not_checked_in(assembly, coordinator, employee):
    meeting = meeting_of(assembly)

    with pytest.raises(ValidationError) as raised:
        _check_in(coordinator, meeting, employee.person)

    assert "not entitled" in " ".join(raised.value.messages)
    assert not Attendance.objects.exists()


def test_a_proxy_holder_is_checked_in_and_the_proxy_is_used(
    assembly, coordinator, representative, employee
):
    meeting = meeting_of(assembly)
    proxy = attendance.meeting_proxy_grant(
        actor=representative, meeting=meeting, holder=employee.person, document=proxy_pdf()
    )

    row = _check_in(coordinator, meeting, employee.person)

    proxy.refresh_from_db()
    assert row.organisation is None
    assert proxy.used_at == row.checked_in_at


def test_no_register_before_the_notice_or_after_the_close(assembly, coordinator, representative):
    for status in (Meeting.Status.DRAFT, Meeting.Status.CLOSED):
        meeting = meeting_of(assembly, status=status)
        with pytest.raises(ValidationError):
            _check_in(coordinator, meeting, representative.person)
    assert not Attendance.objects.exists()


def test_leaving_and_coming_back(assembly, coordinator, representative):
    meeting = meeting_of(assembly)
    row = _check_in(coordinator, meeting, representative.person)

    attendance.attendance_leave(actor=coordinator, attendance=row)
    assert attendance.quorum_of(meeting=meeting).present == 0
    with pytest.raises(ValidationError):
        attendance.attendance_leave(actor=coordinator, attendance=row)

    back = _check_in(coordinator, meeting, representative.person, mode="online")
    assert (back.pk, back.left_at, back.mode) == (row.pk, None, "online")
    assert attendance.quorum_of(meeting=meeting).present == 1


def test_an_online_participant_checks_in_while_in_session(assembly, representative):
    convened = meeting_of(assembly, status=Meeting.Status.CONVENED)
    with pytest.raises(ValidationError):
        attendance.attendance_self_check_in(user=representative, meeting=convened)

    meeting = meeting_of(assembly)
    assert attendance.may_check_in_online(meeting=meeting, user=representative)
    row = attendance.attendance_self_check_in(user=representative, meeting=meeting)

    assert (row.mode, row.checked_in_by) == ("online", representative)
    assert not attendance.may_check_in_online(meeting=meeting, user=representative)


def test_the_quorum_counts_the_present_and_the_proxies_whose_holder_is_present(
    assembly, coordinator, representative, employee
):
    assembly.quorum_percent = 60
    assembly.save()
    second = member("second@example.com")
    third = member("third@example.com")
    member("fourth@example.com")
    meeting = meeting_of(assembly)
    attendance.meeting_proxy_grant(
        actor=representative, meeting=meeting, holder=employee.person, document=proxy_pdf()
    )
    attendance.meeting_proxy_grant(
        actor=third,
        meeting=meeting,
        holder=colleague(third, "third-colleague@example.com").person,
        document=proxy_pdf(),
    )

    before = attendance.quorum_of(meeting=meeting)
    assert (before.eligible, before.present, before.by_proxy, before.required) == (4, 0, 0, 3)
    assert not before.reached

    _check_in(coordinator, meeting, second.person)
    _check_in(coordinator, meeting, employee.person)
    quorum = attendance.quorum_of(meeting=meeting)

    # The third member's holder is not here: that proxy does not count.
    assert (quorum.eligible, quorum.present, quorum.by_proxy, quorum.required) == (4, 1, 1, 3)
    assert not quorum.reached
    _check_in(coordinator, meeting, third.person)
    assert attendance.quorum_of(meeting=meeting).reached


def test_the_representative_present_votes_themselves_not_their_proxy(
    assembly, coordinator, representative, employee
):
    meeting = meeting_of(assembly)
    attendance.meeting_proxy_grant(
        actor=representative, meeting=meeting, holder=employee.person, document=proxy_pdf()
    )
    _check_in(coordinator, meeting, representative.person)
    _check_in(coordinator, meeting, employee.person)

    quorum = attendance.quorum_of(meeting=meeting)

    assert (quorum.present, quorum.by_proxy) == (1, 0)


# --- Pages --------------------------------------------------------------------------------------


def test_the_register_is_for_the_clerk(client_for, assembly, coordinator, representative, employee):
    chair = colleague(representative, "chair@example.com")
    meeting = meeting_of(assembly, chair=chair.person)
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})

    for clerk in (coordinator, chair):
        response = client_for(clerk).get(url)
        assert response.status_code == 200
        assert representative.person.last_name in response.content.decode()
    assert client_for(employee).get(url).status_code == 403


def test_the_register_searches_by_name(client_for, assembly, coordinator, representative):
    other = member("other@example.com")
    Person.objects.filter(pk=other.person.pk).update(last_name="Zielińska")
    Person.objects.filter(pk=representative.person.pk).update(last_name="Kowalski")
    meeting = meeting_of(assembly)

    page = (
        client_for(coordinator)
        .get(reverse("meetings:attendance", kwargs={"pk": meeting.pk}), {"q": "zieli"})
        .content.decode()
    )

    assert "Zielińska" in page
    assert "Kowalski" not in page


def test_checking_in_twice_from_the_register_answers_with_a_message(
    client_for, assembly, coordinator, representative
):
    meeting = meeting_of(assembly)
    client = client_for(coordinator)
    url = reverse("meetings:check_in", kwargs={"pk": meeting.pk})
    data = {"person": representative.person.pk, "mode": "in_person", "q": ""}

    assert client.post(url, data).status_code == 302
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "already checked in" in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_marking_leaving_from_the_register(client_for, assembly, coordinator, representative):
    meeting = meeting_of(assembly)
    row = _check_in(coordinator, meeting, representative.person)

    response = client_for(coordinator).post(reverse("meetings:leave", kwargs={"pk": row.pk}))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.left_at is not None


def test_the_meeting_page_shows_the_quorum_and_checks_in_online(
    client_for, assembly, representative
):
    meeting = meeting_of(assembly)
    client = client_for(representative)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:self_check_in", kwargs={"pk": meeting.pk}) in page

    response = client.post(reverse("meetings:self_check_in", kwargs={"pk": meeting.pk}))

    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 present and 0 by proxy, of 1 entitled votes" in page
    assert Attendance.objects.get(meeting=meeting).mode == "online"


def test_a_person_of_no_body_cannot_check_in_online(client_for, assembly, employee):

    meeting = meeting_of(assembly)

    response = client_for(employee).post(
        reverse("meetings:self_check_in", kwargs={"pk": meeting.pk}), follow=True
    )

    assert "not entitled" in response.content.decode()
    assert not Attendance.objects.exists()
