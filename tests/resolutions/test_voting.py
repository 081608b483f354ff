"""Casting and changing votes; who is refused and that a refusal records nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEntry
from members.models import Organisation
from members.services import organisation_change_status
from resolutions import services
from resolutions.models import Ballot, EligibleVoter, Resolution
from tests.agreements.pdfs import minimal_pdf, pdf_with_javascript_on_open
from tests.factories import UserFactory

from .conftest import council_person, draft, employee_of, member_representative, opened

PDF = minimal_pdf()


def _assert_refused(resolution, user, message, choice="for"):
    ballots_before = Ballot.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.ballot_cast(resolution=resolution, user=user, choice=choice)
    assert message in " ".join(raised.value.messages)
    assert Ballot.objects.count() == ballots_before
    assert not AuditEntry.objects.filter(action__startswith="ballot.").exists()


def test_a_council_member_votes_and_changes_the_vote_keeping_one_ballot(
    council_body, chair, councillors
):
    resolution = opened(council_body, actor=chair)
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="for")
    services.ballot_cast(resolution=resolution, user=councillors[0], choice="against")
    ballots = Ballot.objects.filter(voter__resolution=resolution)
    assert [ballot.choice for ballot in ballots] == ["against"]
    actions = list(AuditEntry.objects.filter(action__startswith="ballot.").values_list("action"))
    assert sorted(actions) == [("ballot.cast",), ("ballot.changed",)]


def test_the_snapshot_holds_the_council_in_office_with_accounts(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    assert resolution.eligible_count == 3
    emails = set(
        EligibleVoter.objects.filter(resolution=resolution).values_list(
            "person__user__email", flat=True
        )
    )
    assert emails == {"chair@example.com", "councillor1@example.com", "councillor2@example.com"}


def test_someone_not_on_the_council_is_refused(council_body, chair, representative):
    resolution = opened(council_body, actor=chair)
    _assert_refused(resolution, representative, "You are not entitled to vote")


def test_an_outsider_is_refused(council_body, chair, outsider):
    resolution = opened(council_body, actor=chair)
    _assert_refused(resolution, outsider, "You are not entitled to vote")


def test_a_councillor_whose_term_started_after_opening_is_refused(council_body, chair):
    resolution = opened(council_body, actor=chair)
    latecomer = council_person("late@example.com")
    _assert_refused(resolution, latecomer, "You are not entitled to vote")


def test_a_councillor_whose_term_ended_is_not_eligible(council_body, chair):
    former = council_person("former@example.com")
    seat = former.person.council_seats.get()
    seat.term_start = timezone.localdate() - timedelta(days=400)
    seat.term_end = timezone.localdate() - timedelta(days=1)
    seat.save()
    resolution = opened(council_body, actor=chair)
    _assert_refused(resolution, former, "You are not entitled to vote")


def test_the_representative_of_a_suspended_member_is_refused(assembly, coordinator):
    voting = member_representative("voting@example.com")
    suspended = member_representative("suspended@example.com")
    organisation_change_status(
        organisation=suspended.person.organisation,
        actor=coordinator,
        status=Organisation.Status.SUSPENDED,
        reason="Zaległe składki",
    )
    resolution = opened(assembly, actor=coordinator)
    assert resolution.eligible_count == 1
    _assert_refused(resolution, suspended, "You are not entitled to vote")
    services.ballot_cast(resolution=resolution, user=voting, choice="for")


def test_an_employee_of_a_member_cannot_vote_for_it(assembly, coordinator, employee):
    resolution = opened(assembly, actor=coordinator)
    _assert_refused(resolution, employee, "You are not entitled to vote")


def test_nobody_votes_before_the_window_opens(council_body, chair):
    resolution = draft(council_body, actor=chair)
    _assert_refused(resolution, chair, "has not opened yet")


def test_nobody_votes_after_the_window_closes(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    Resolution.objects.filter(pk=resolution.pk).update(
        voting_opens_at=timezone.now() - timedelta(days=3),
        voting_closes_at=timezone.now() - timedelta(seconds=1),
    )
    _assert_refused(resolution, councillors[0], "has closed")


def test_nobody_votes_once_the_vote_is_closed(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    services.vote_close(resolution=resolution, actor=chair)
    _assert_refused(resolution, councillors[0], "has closed")


def test_an_unknown_choice_is_refused(council_body, chair):
    resolution = opened(council_body, actor=chair)
    _assert_refused(resolution, chair, "Choose for, against or abstain", choice="maybe")


def test_one_vote_per_member_organisation(assembly, coordinator, representative, employee):
    other = member_representative("other@example.com")
    resolution = opened(assembly, actor=coordinator)
    organisations = EligibleVoter.objects.filter(resolution=resolution).values_list(
        "organisation", flat=True
    )
    assert sorted(organisations) == sorted(
        [representative.person.organisation_id, other.person.organisation_id]
    )


def _proxy_document():
    return SimpleUploadedFile("pelnomocnictwo.pdf", PDF, content_type="application/pdf")


def test_a_representative_hands_the_vote_to_a_colleague_with_a_proxy_pdf(
    assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    voter = services.proxy_grant(
        resolution=resolution,
        user=representative,
        proxy=employee.person,
        document=_proxy_document(),
    )
    assert voter.proxy_document.read() == PDF
    services.ballot_cast(resolution=resolution, user=employee, choice="against")
    ballot = Ballot.objects.get(voter=voter)
    assert (ballot.choice, ballot.cast_by) == ("against", employee.person)
    with pytest.raises(ValidationError) as raised:
        services.ballot_cast(resolution=resolution, user=representative, choice="for")
    assert "handed your vote to a proxy" in " ".join(raised.value.messages)
    assert Ballot.objects.get(voter=voter).choice == "against"


def test_a_proxy_document_must_be_a_pdf(assembly, coordinator, representative, employee):
    resolution = opened(assembly, actor=coordinator)
    with pytest.raises(ValidationError) as raised:
        services.proxy_grant(
            resolution=resolution,
            user=representative,
            proxy=employee.person,
            document=SimpleUploadedFile("proxy.pdf", b"GIF89a...", content_type="application/pdf"),
        )
    assert "must be a PDF" in str(raised.value)
    assert not EligibleVoter.objects.filter(proxy__isnull=False).exists()


def test_the_service_refuses_a_proxy_pdf_that_runs_a_script(
    assembly, coordinator, representative, employee
):
    resolution = opened(assembly, actor=coordinator)
    with pytest.raises(ValidationError) as raised:
        services.proxy_grant(
            resolution=resolution,
            user=representative,
            proxy=employee.person,
            document=SimpleUploadedFile(
                "proxy.pdf", pdf_with_javascript_on_open(), content_type="application/pdf"
            ),
        )
    assert "document" in raised.value.message_dict
    assert not EligibleVoter.objects.filter(proxy__isnull=False).exists()


def test_the_proxy_must_work_for_the_same_organisation(
    assembly, coordinator, representative, other_organisation
):
    stranger = employee_of(other_organisation, "stranger@example.com")
    resolution = opened(assembly, actor=coordinator)
    with pytest.raises(ValidationError) as raised:
        services.proxy_grant(
            resolution=resolution,
            user=representative,
            proxy=stranger.person,
            document=_proxy_document(),
        )
    assert "same organisation" in str(raised.value)


def test_only_the_representative_may_appoint_a_proxy(assembly, coordinator, employee):
    resolution = opened(assembly, actor=coordinator)
    with pytest.raises(ValidationError):
        services.proxy_grant(
            resolution=resolution,
            user=employee,
            proxy=employee.person,
            document=_proxy_document(),
        )


def test_a_user_without_a_person_is_refused_clearly(council_body, chair):
    resolution = opened(council_body, actor=chair)
    _assert_refused(resolution, UserFactory(email="nobody@example.com"), "not entitled")
