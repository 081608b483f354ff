"""Proxies for a meeting: given with a signed PDF by the member's representative, to a colleague
or (when the body allows it) another member's representative, at most the body's limit per
holder, withdrawn until used; and the electronic vote's proxies under the same rules."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from meetings import attendance
from meetings.models import Meeting, MeetingProxy
from resolutions import services as resolution_services
from resolutions.models import EligibleVoter
from tests.resolutions.conftest import opened

from .attendance_helpers import colleague, meeting_of, member, proxy_pdf

pytestmark = pytest.mark.django_db


def _grant(user, meeting, holder):
    return attendance.meeting_proxy_grant(
        actor=user, meeting=meeting, holder=holder, document=proxy_pdf()
    )


def test_a_representative_gives_a_colleague_a_proxy_with_a_pdf(assembly, representative, employee):
    meeting = meeting_of(assembly, status=Meeting.Status.CONVENED)

    proxy = _grant(representative, meeting, employee.person)

    assert (proxy.organisation, proxy.granted_by, proxy.holder) == (
        representative.person.organisation,
        representative.person,
        employee.person,
    )
    assert proxy.document.read().startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="meeting_proxy.granted").exists()


def test_only_the_entitled_representative_gives_a_proxy(assembly, representative, employee):
    meeting = meeting_of(assembly)

    with pytest.raises(ValidationError) as raised:
        _grant(employee, meeting, representative.person)

    assert "Only the representative" in " ".join(raised.value.messages)
    assert not MeetingProxy.objects.exists()


def test_a_proxy_document_must_be_a_pdf(assembly, representative, employee):
    meeting = meeting_of(assembly)

    with pytest.raises(ValidationError) as raised:
        attendance.meeting_proxy_grant(
            actor=representative,
            meeting=meeting,
            holder=employee.person,
            document=SimpleUploadedFile("p.pdf", b"GIF89a...", content_type="application/pdf"),
        )

    assert "document" in raised.value.message_dict
    assert not MeetingProxy.objects.exists()


def test_another_members_representative_only_when_the_body_allows_it(assembly, representative):
    other = member("other@example.com")
    meeting = meeting_of(assembly)

    with pytest.raises(ValidationError) as raised:
        _grant(representative, meeting, other.person)
    assert "same organisation" in " ".join(raised.value.messages)

    assembly.proxies_to_other_members = True
    assembly.save()
    proxy = _grant(representative, meeting, other.person)
    assert proxy.holder == other.person


def test_another_members_employee_is_never_a_proxy(assembly, representative):
    assembly.proxies_to_other_members = True
    assembly.save()
    other = member("other@example.com")
    stranger = colleague(other, "stranger@example.com")
    meeting = meeting_of(assembly)

    with pytest.raises(ValidationError) as raised:
        _grant(representative, meeting, stranger.person)

    assert "another member's representative" in " ".join(raised.value.messages)


def test_a_holder_holds_at_most_the_bodys_limit(assembly, representative):
    assembly.proxies_to_other_members = True
    assembly.max_proxies_per_person = 1
    assembly.save()
    holder = member("holder@example.com")
    second = member("second@example.com")
    meeting = meeting_of(assembly)
    _grant(representative, meeting, holder.person)

    with pytest.raises(ValidationError) as raised:
        _grant(second, meeting, holder.person)
    assert "the most the rules allow" in " ".join(raised.value.messages)

    assembly.max_proxies_per_person = 2
    assembly.save()
    _grant(second, meeting, holder.person)
    assert MeetingProxy.objects.filter(holder=holder.person, withdrawn_at__isnull=True).count() == 2


def test_one_active_proxy_per_member_and_a_new_one_after_withdrawal(
    assembly, representative, employee
):
    meeting = meeting_of(assembly)
    second_colleague = colleague(representative, "second-colleague@example.com")
    first = _grant(representative, meeting, employee.person)

    with pytest.raises(ValidationError) as raised:
        _grant(representative, meeting, second_colleague.person)
    assert "withdraw it first" in " ".join(raised.value.messages)

    attendance.meeting_proxy_withdraw(actor=representative, proxy=first)
    second = _grant(representative, meeting, second_colleague.person)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert attendance.proxy_of(meeting=meeting, organisation=second.organisation) == second


def test_a_proxy_cannot_be_withdrawn_once_its_holder_is_checked_in(
    assembly, coordinator, representative, employee
):
    meeting = meeting_of(assembly)
    proxy = _grant(representative, meeting, employee.person)
    attendance.attendance_check_in(
        actor=coordinator, meeting=meeting, person=employee.person, mode="in_person"
    )
    proxy.refresh_from_db()
    assert proxy.used_at is not None

    with pytest.raises(ValidationError) as raised:
        attendance.meeting_proxy_withdraw(actor=representative, proxy=proxy)

    assert "cannot be withdrawn" in " ".join(raised.value.messages)
    proxy.refresh_from_db()
    assert proxy.withdrawn_at is None


def test_only_the_members_representative_withdraws(assembly, representative, employee):
    meeting = meeting_of(assembly)
    proxy = _grant(representative, meeting, employee.person)

    with pytest.raises(ValidationError):
        attendance.meeting_proxy_withdraw(actor=employee, proxy=proxy)

    proxy.refresh_from_db()
    assert proxy.withdrawn_at is None


def test_no_proxies_at_a_council_meeting(council_body, council_member):
    meeting = meeting_of(council_body)

    with pytest.raises(ValidationError) as raised:
        _grant(council_member, meeting, council_member.person)

    assert "no proxies" in " ".join(raised.value.messages)


# --- Pages --------------------------------------------------------------------------------------


def test_the_proxy_form_gives_a_proxy_and_the_meeting_page_shows_it(
    client_for, assembly, representative, employee
):
    meeting = meeting_of(assembly, status=Meeting.Status.CONVENED)
    client = client_for(representative)
    url = reverse("meetings:proxy_grant", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 200

    response = client.post(url, {"proxy": employee.person.pk, "document": proxy_pdf()})

    assert response.status_code == 302
    proxy = MeetingProxy.objects.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:proxy_document", kwargs={"pk": proxy.pk}) in page
    assert reverse("meetings:proxy_withdraw", kwargs={"pk": proxy.pk}) in page


def test_the_proxy_form_refuses_an_employee(client_for, assembly, employee):
    meeting = meeting_of(assembly, status=Meeting.Status.CONVENED)

    response = client_for(employee).get(reverse("meetings:proxy_grant", kwargs={"pk": meeting.pk}))

    assert response.status_code == 403


def test_the_proxy_document_is_for_the_holder_the_member_and_the_clerk_only(
    client_for, assembly, coordinator, representative, employee
):
    meeting = meeting_of(assembly)
    proxy = _grant(representative, meeting, employee.person)
    url = reverse("meetings:proxy_document", kwargs={"pk": proxy.pk})
    stranger = member("stranger@example.com")

    for user in (representative, employee, coordinator):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(stranger).get(url).status_code == 404


def test_withdrawing_from_the_page(client_for, assembly, representative, employee):
    meeting = meeting_of(assembly)
    proxy = _grant(representative, meeting, employee.person)

    response = client_for(representative).post(
        reverse("meetings:proxy_withdraw", kwargs={"pk": proxy.pk})
    )

    assert response.status_code == 302
    proxy.refresh_from_db()
    assert proxy.withdrawn_at is not None


# --- The electronic vote's proxies --------------------------------------------------------------


def test_an_electronic_vote_proxy_to_another_members_representative_when_allowed(
    assembly, coordinator, representative
):
    other = member("other@example.com")
    resolution = opened(assembly, actor=coordinator)
    with pytest.raises(ValidationError):
        resolution_services.proxy_grant(
            resolution=resolution, user=representative, proxy=other.person, document=proxy_pdf()
        )

    assembly.proxies_to_other_members = True
    assembly.save()
    voter = resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=other.person, document=proxy_pdf()
    )

    assert voter.proxy == other.person


def test_an_electronic_vote_proxy_respects_the_limit(assembly, coordinator, representative):
    assembly.proxies_to_other_members = True
    assembly.max_proxies_per_person = 1
    assembly.save()
    holder = member("holder@example.com")
    second = member("second@example.com")
    resolution = opened(assembly, actor=coordinator)
    resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=holder.person, document=proxy_pdf()
    )

    with pytest.raises(ValidationError) as raised:
        resolution_services.proxy_grant(
            resolution=resolution, user=second, proxy=holder.person, document=proxy_pdf()
        )

    assert "the most the rules allow" in " ".join(raised.value.messages)


def test_an_electronic_vote_proxy_is_withdrawn_until_the_vote_is_cast(
    assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=employee.person, document=proxy_pdf()
    )

    voter = resolution_services.proxy_withdraw(resolution=resolution, user=representative)
    assert voter.proxy is None
    assert not voter.proxy_document

    resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=employee.person, document=proxy_pdf()
    )
    resolution_services.ballot_cast(resolution=resolution, user=employee, choice="for")
    with pytest.raises(ValidationError) as raised:
        resolution_services.proxy_withdraw(resolution=resolution, user=representative)
    assert "already voted" in " ".join(raised.value.messages)
    assert EligibleVoter.objects.get(pk=voter.pk).proxy == employee.person


def test_withdrawing_an_electronic_vote_proxy_from_the_page(
    client_for, assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=employee.person, document=proxy_pdf()
    )
    client = client_for(representative)
    assert reverse("resolutions:proxy_withdraw", kwargs={"pk": resolution.pk}) in (
        client.get(resolution.get_absolute_url()).content.decode()
    )

    response = client.post(reverse("resolutions:proxy_withdraw", kwargs={"pk": resolution.pk}))

    assert response.status_code == 302
    assert not EligibleVoter.objects.filter(resolution=resolution, proxy__isnull=False).exists()


def test_another_members_representative_casts_their_own_vote_and_the_proxy_vote(
    client_for, assembly, coordinator, representative
):
    assembly.proxies_to_other_members = True
    assembly.save()
    holder = member("holder@example.com")
    resolution = opened(assembly, actor=coordinator)
    given = resolution_services.proxy_grant(
        resolution=resolution, user=representative, proxy=holder.person, document=proxy_pdf()
    )
    client = client_for(holder)
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert f'name="voter" value="{given.pk}"' in page
    url = reverse("resolutions:vote", kwargs={"pk": resolution.pk})

    client.post(url, {"choice": "for"})
    client.post(url, {"choice": "against", "voter": given.pk})

    own = EligibleVoter.objects.get(resolution=resolution, person=holder.person)
    assert own.ballot.choice == "for"
    assert EligibleVoter.objects.get(pk=given.pk).ballot.choice == "against"
    assert EligibleVoter.objects.get(pk=given.pk).ballot.cast_by == holder.person
