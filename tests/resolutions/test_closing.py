"""Closing a vote: the tally, the outcome, idempotence, the periodic task, e-mails and the PDF."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditEntry, OutboundEmail
from core.storage import private_storage
from resolutions import services, tasks
from resolutions.models import Resolution, VoteCast

from .conftest import council_person, draft, member_representative, opened


def _expire(resolution):
    Resolution.objects.filter(pk=resolution.pk).update(
        voting_opens_at=timezone.now() - timedelta(days=3),
        voting_closes_at=timezone.now() - timedelta(seconds=1),
    )


def _vote(resolution, choices):
    for user, choice in choices:
        services.ballot_cast(resolution=resolution, user=user, choice=choice)


def test_closing_counts_the_ballots_and_adopts(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    _vote(resolution, [(councillors[0], "for"), (councillors[1], "for"), (chair, "abstain")])
    closed = services.vote_close(resolution=resolution, actor=chair)
    assert (closed.status, closed.outcome) == ("closed", "adopted")
    assert (closed.votes_for, closed.votes_against, closed.votes_abstain) == (2, 0, 1)
    assert (closed.participant_count, closed.eligible_count) == (3, 3)
    assert closed.closed_by == chair


def test_too_few_voters_make_the_vote_invalid(council_body, chair, councillors):
    council_person("councillor3@example.com")
    council_person("councillor4@example.com")
    resolution = opened(council_body, actor=chair)
    assert resolution.eligible_count == 5
    _vote(resolution, [(councillors[0], "for"), (councillors[1], "for")])
    closed = services.vote_close(resolution=resolution, actor=chair)
    assert closed.outcome == Resolution.Outcome.INVALID


def test_a_tie_is_rejected_and_gets_no_pdf(
    council_body, chair, councillors, django_capture_on_commit_callbacks
):
    resolution = opened(council_body, actor=chair)
    _vote(resolution, [(councillors[0], "for"), (councillors[1], "against")])
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.vote_close(resolution=resolution, actor=chair)
    closed.refresh_from_db()
    assert closed.outcome == Resolution.Outcome.REJECTED
    assert not closed.pdf


def test_closing_twice_gives_one_result(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    _vote(resolution, [(councillors[0], "for")])
    first = services.vote_close(resolution=resolution, actor=chair)
    second = services.vote_close(resolution=resolution, actor=councillors[0])
    tasks.votes_close_due()
    assert (second.closed_at, second.closed_by, second.outcome) == (
        first.closed_at,
        chair,
        first.outcome,
    )
    assert AuditEntry.objects.filter(action="resolution.vote_closed").count() == 1


def test_the_periodic_task_closes_only_votes_whose_window_ended(council_body, chair, councillors):
    due = opened(council_body, actor=chair)
    running = opened(council_body, actor=chair)
    _vote(due, [(councillors[0], "for"), (councillors[1], "for")])
    _expire(due)
    tasks.votes_close_due()
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, due.outcome, due.closed_by) == ("closed", "adopted", None)
    assert running.status == "open"


def test_the_periodic_close_never_closes_a_running_vote_even_when_called(council_body, chair):
    resolution = opened(council_body, actor=chair)
    assert services.vote_close(resolution=resolution).status == "open"


def test_closing_early_ends_the_window_now(council_body, chair):
    resolution = opened(council_body, actor=chair, closes_in=timedelta(days=5))
    closed = services.vote_close(resolution=resolution, actor=chair)
    assert closed.voting_closes_at <= timezone.now()


def test_a_draft_cannot_be_closed(council_body, chair):
    with pytest.raises(ValidationError):
        services.vote_close(resolution=draft(council_body), actor=chair)


def test_adoption_renders_the_pdf_with_its_sha256(
    council_body, chair, councillors, django_capture_on_commit_callbacks
):
    resolution = opened(council_body, actor=chair)
    _vote(resolution, [(councillors[0], "for"), (councillors[1], "against"), (chair, "for")])
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_close(resolution=resolution, actor=chair)
    resolution.refresh_from_db()
    content = resolution.pdf.read()
    assert resolution.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert private_storage.exists(resolution.pdf.name)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert f"{resolution.number}/{resolution.year}" in text
    assert "Uchwała w sprawie przyjęcia planu" in text
    assert "Rady Klastra" in text
    assert chair.person.full_name in text  # a named vote lists the voters
    services.resolution_pdf_store(resolution_id=resolution.pk)
    resolution.refresh_from_db()
    assert resolution.pdf_sha256 == hashlib.sha256(content).hexdigest()


def test_opening_emails_each_voter_in_their_language(
    council_body, chair, django_capture_on_commit_callbacks
):
    council_person("english@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        resolution = opened(council_body, actor=chair)
    emails = {email.to: email for email in OutboundEmail.objects.all()}
    assert set(emails) == {"chair@example.com", "english@example.com"}
    assert emails["english@example.com"].language == "en"
    assert "Resolution on adopting the plan" in emails["english@example.com"].subject
    assert "Uchwała w sprawie przyjęcia planu" in emails["chair@example.com"].subject
    assert resolution.get_absolute_url().replace("/pl/", "/en/") in (
        emails["english@example.com"].body_text
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_opened_notify(resolution_id=resolution.pk)
    assert OutboundEmail.objects.count() == 2


TITLE_STYLE = "margin:0 0 12px;font-size:17px;font-weight:bold;"


def test_an_untranslated_title_is_its_own_element_in_polish_with_the_marker(
    council_body, chair, django_capture_on_commit_callbacks
):
    council_person("deutsch@example.com", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        opened(council_body, actor=chair)
    email = OutboundEmail.objects.get(to="deutsch@example.com")

    # The sentence is in German; the title, with no German translation, is marked as Polish.
    assert "Die Abstimmung über den Beschluss Nr." in email.body_html
    assert (
        f'<p style="{TITLE_STYLE}" lang="pl">Uchwała w sprawie przyjęcia planu</p>'
        in email.body_html
    )
    assert "Dieser Text ist noch nicht in Ihre Sprache übersetzt" in email.body_html
    assert "Uchwała w sprawie przyjęcia planu\n(" in email.body_text


def test_a_translated_title_is_its_own_element_without_lang_or_marker(
    council_body, chair, django_capture_on_commit_callbacks
):
    council_person("english@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        opened(council_body, actor=chair)
    email = OutboundEmail.objects.get(to="english@example.com")

    assert "Voting has opened on resolution no." in email.body_html
    assert f'<p style="{TITLE_STYLE}">Resolution on adopting the plan</p>' in email.body_html
    assert 'lang="pl"' not in email.body_html
    assert "shown in Polish" not in email.body_html
    assert "Resolution on adopting the plan\n" in email.body_text


def test_the_reminder_goes_once_to_those_who_have_not_voted(
    council_body, chair, councillors, django_capture_on_commit_callbacks
):
    resolution = opened(council_body, actor=chair, closes_in=timedelta(hours=20))
    later = opened(council_body, actor=chair, closes_in=timedelta(days=3))
    _vote(resolution, [(councillors[0], "for")])
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.vote_reminders_send()
        tasks.vote_reminders_send()
    reminded = sorted(OutboundEmail.objects.values_list("to", flat=True))
    assert reminded == ["chair@example.com", "councillor2@example.com"]
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_the_outcome_goes_to_every_eligible_voter(
    assembly, coordinator, django_capture_on_commit_callbacks
):
    voters = [member_representative(f"rep{n}@example.com", language="de") for n in range(3)]
    resolution = opened(assembly, actor=coordinator)
    _vote(resolution, [(voters[0], "for"), (voters[1], "for")])
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_close(resolution=resolution, actor=coordinator)
    outcome = OutboundEmail.objects.filter(template="resolutions_vote_outcome")
    assert sorted(outcome.values_list("to", flat=True)) == [
        "rep0@example.com",
        "rep1@example.com",
        "rep2@example.com",
    ]
    assert set(outcome.values_list("language", flat=True)) == {"de"}
    html = outcome.first().body_html
    assert f'<p style="{TITLE_STYLE}" lang="pl">{resolution.title_pl}</p>' in html
    assert "Ergebnis:" in html


def test_the_reminder_gives_the_title_its_own_element(
    council_body, chair, django_capture_on_commit_callbacks
):
    council_person("english@example.com", language="en")
    opened(council_body, actor=chair, closes_in=timedelta(hours=20), title_en="")
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.vote_reminders_send()
    email = OutboundEmail.objects.get(to="english@example.com")

    assert "You have not voted yet on resolution no." in email.body_html
    assert (
        f'<p style="{TITLE_STYLE}" lang="pl">Uchwała w sprawie przyjęcia planu</p>'
        in email.body_html
    )
    assert "shown in Polish" in email.body_html
    assert "Voting closes on" in email.body_html


def test_a_resolution_may_require_a_stricter_rule_never_a_weaker_one(council_body, chair):
    strict = draft(council_body, majority="qualified", quorum_percent=75)
    assert (strict.majority, strict.quorum_percent) == ("qualified", 75)
    with pytest.raises(ValidationError) as raised:
        draft(council_body, quorum_percent=10)
    assert "never a weaker one" in str(raised.value)


def test_participation_is_kept_for_every_voter(council_body, chair, councillors):
    resolution = opened(council_body, actor=chair)
    _vote(resolution, [(councillors[0], "for")])
    services.vote_close(resolution=resolution, actor=chair)
    took_part = VoteCast.objects.filter(voter__resolution=resolution)
    assert [cast.voter.person.user for cast in took_part] == [councillors[0]]
