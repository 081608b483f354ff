"""Elections through their services: nominations with consent, the secret ballot, the count,
ties and run-offs, council seats and the chair, paper totals, the results PDF."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.models import AuditEntry, OutboundEmail
from core.storage import private_storage
from elections import services
from elections.models import BallotMark, Candidate, Election, ElectionVoter
from members.models import CouncilSeat
from tests.factories import PersonFactory, UserFactory, active_member

from .factories import candidate, council_member, election, member_voter, opened

pytestmark = pytest.mark.django_db


# --- Nominations --------------------------------------------------------------------------------


def test_a_member_nominates_and_the_candidate_is_asked_in_their_language(assembly, coordinator):
    nominator = member_voter("nominator@example.com")
    person = active_member().primary_representative
    person.language = "de"
    person.save()
    item = election(assembly, actor=coordinator)

    made = services.candidate_nominate(
        election=item, user=nominator, person=person, statement="Doświadczona"
    )

    assert made.consented_at is None and made.declined_at is None
    assert made.nominated_by == nominator.person
    mail = OutboundEmail.objects.get(to=person.email)
    assert mail.language == "de"
    assert made.consent_token in mail.body_text
    assert len(made.consent_token) >= 40


def test_only_consenting_candidates_are_on_the_ballot(assembly, coordinator):
    nominator = member_voter("nominator@example.com")
    item = election(assembly, actor=coordinator)
    yes = candidate(item, nominator=nominator)
    no = candidate(item, nominator=nominator, consent=False)
    services.candidate_consent(token=no.consent_token, accept=False)
    silent = candidate(item, nominator=nominator, consent=False)

    on_ballot = set(services._consented(item))

    assert on_ballot == {yes}
    no.refresh_from_db()
    assert no.declined_at is not None and no.consented_at is None
    assert silent not in on_ballot
    assert AuditEntry.objects.filter(action="election.candidate_declined").count() == 1


def test_a_candidate_may_change_their_answer_until_voting_opens(assembly, coordinator):
    item = election(assembly, actor=coordinator)
    made = candidate(item, nominator=coordinator, consent=False)
    services.candidate_consent(token=made.consent_token, accept=False)
    services.candidate_consent(token=made.consent_token, accept=True, statement="Biorę")
    member_voter("voter@example.com")
    opened(item, actor=coordinator)

    with pytest.raises(ValidationError, match="can no longer change"):
        services.candidate_consent(token=made.consent_token, accept=False)
    made.refresh_from_db()
    assert made.consented_at is not None and made.statement == "Biorę"


def test_nominating_oneself_is_consent(assembly, coordinator):
    user = member_voter("self@example.com")
    item = election(assembly, actor=coordinator)

    made = services.candidate_nominate(election=item, user=user, person=user.person)

    assert made.consented_at is not None
    assert not OutboundEmail.objects.filter(template="elections_consent_request").exists()


def test_an_outsider_cannot_nominate_and_a_non_member_cannot_stand(assembly, coordinator):
    item = election(assembly, actor=coordinator)
    outsider = UserFactory(email="outsider@example.com")
    with pytest.raises(ValidationError, match="may not nominate"):
        services.candidate_nominate(
            election=item, user=outsider, person=active_member().primary_representative
        )
    applicant_person = PersonFactory()
    with pytest.raises(ValidationError, match="active member"):
        services.candidate_nominate(election=item, user=coordinator, person=applicant_person)


def test_a_council_member_for_the_same_term_cannot_stand_again(assembly, coordinator):
    item = election(assembly, actor=coordinator)
    sitting = council_member("sitting@example.com", term_start=item.term_start)
    with pytest.raises(ValidationError, match="already holds a council seat"):
        services.candidate_nominate(election=item, user=coordinator, person=sitting.person)


def test_nominations_close(assembly, coordinator):
    item = election(assembly, actor=coordinator)
    services.nominations_close(election=item, actor=coordinator)
    with pytest.raises(ValidationError, match="closed"):
        candidate(item, nominator=coordinator)


def test_the_chair_is_elected_from_the_council_by_the_council(council_body, assembly, coordinator):
    with pytest.raises(ValidationError):
        election(assembly, actor=coordinator, target="chair", seats=1)
    start = timezone.localdate().replace(month=1, day=1)
    item = election(
        council_body,
        actor=coordinator,
        target="chair",
        seats=1,
        term_start=start,
        term_end=start.replace(year=start.year + 2),
    )
    councillor = council_member("c1@example.com")
    with pytest.raises(ValidationError, match="council members in office"):
        services.candidate_nominate(
            election=item, user=councillor, person=active_member().primary_representative
        )
    member = member_voter("m@example.com")
    with pytest.raises(ValidationError, match="may not nominate"):
        services.candidate_nominate(election=item, user=member, person=councillor.person)
    made = services.candidate_nominate(election=item, user=councillor, person=councillor.person)
    assert made.consented_at is not None


# --- The ballot ---------------------------------------------------------------------------------


def _open_election(assembly, coordinator, *, seats=2, candidates=3, voters=3):
    item = election(assembly, actor=coordinator, seats=seats)
    people = [candidate(item, nominator=coordinator) for _ in range(candidates)]
    users = [member_voter(f"voter{n}@example.com") for n in range(voters)]
    return opened(item, actor=coordinator), people, users


def test_voting_opens_with_a_snapshot_of_the_electorate_and_tells_the_voters(
    assembly, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item, people, users = _open_election(assembly, coordinator)
    # Each candidate's member also votes: 3 voters + 3 candidates' organisations.
    assert item.eligible_count == ElectionVoter.objects.filter(election=item).count() == 6
    assert (
        ElectionVoter.objects.filter(election=item).values("organisation").distinct().count() == 6
    )
    member_voter("late@example.com")
    item.refresh_from_db()
    assert item.eligible_count == 6
    assert item.opening_notified_at is not None
    assert OutboundEmail.objects.filter(template="elections_voting_opened").count() == 6
    # Notifying again sends nothing.
    assert services.election_opened_notify(election_id=item.pk) == 0


def test_a_ballot_marks_up_to_the_seats(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator, seats=2)
    with pytest.raises(ValidationError, match="at most 2"):
        services.election_ballot_cast(
            election=item, user=users[0], candidate_ids=[c.pk for c in people]
        )
    assert not ElectionVoter.objects.filter(election=item, voted_at__isnull=False).exists()
    services.election_ballot_cast(
        election=item, user=users[0], candidate_ids=[people[0].pk, people[1].pk]
    )
    assert BallotMark.objects.filter(election=item).count() == 2


def test_a_blank_ballot_counts_as_participation_without_marks(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    services.election_ballot_cast(election=item, user=users[0], candidate_ids=[])
    assert BallotMark.objects.filter(election=item).count() == 0
    assert ElectionVoter.objects.get(election=item, person=users[0].person).voted_at is not None


def test_a_ballot_marks_only_candidates_on_the_ballot(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    declined = Candidate.objects.create(
        election=item, person=PersonFactory(), consent_token="x" * 40
    )
    with pytest.raises(ValidationError, match="only candidates on the ballot"):
        services.election_ballot_cast(election=item, user=users[0], candidate_ids=[declined.pk])


def test_a_second_ballot_is_refused(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    services.election_ballot_cast(election=item, user=users[0], candidate_ids=[people[0].pk])
    with pytest.raises(ValidationError, match="already been cast"):
        services.election_ballot_cast(election=item, user=users[0], candidate_ids=[people[1].pk])
    assert BallotMark.objects.filter(election=item).count() == 1


def test_someone_outside_the_electorate_cannot_vote(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    with pytest.raises(ValidationError, match="not entitled"):
        services.election_ballot_cast(
            election=item, user=member_voter("late@example.com"), candidate_ids=[]
        )


def test_nothing_links_a_mark_to_its_voter(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    services.election_ballot_cast(election=item, user=users[0], candidate_ids=[people[0].pk])
    first_ids = set(BallotMark.objects.values_list("id", flat=True))
    for user in users[1:]:
        services.election_ballot_cast(election=item, user=user, candidate_ids=[people[0].pk])
    # Each ballot rewrites the box with new keys: the first ballot's key is gone.
    assert not first_ids & set(BallotMark.objects.values_list("id", flat=True))

    columns = {field.column for field in BallotMark._meta.concrete_fields}
    assert columns == {"id", "election_id", "candidate_id"}
    ids = list(BallotMark.objects.filter(election=item).values_list("id", flat=True))
    assert len(set(ids)) == 3
    assert all(len(key) == 32 and not key.isdigit() for key in ids)
    # The audit entries say whose ballot was cast, never for whom.
    for entry in AuditEntry.objects.filter(action="election.ballot_cast"):
        assert set(entry.changes) <= {"voter", "cast_by"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM elections_ballotmark")
        names = [column[0] for column in cursor.description]
    assert set(names) == {"id", "election_id", "candidate_id"}


def test_a_proxy_votes_for_the_member(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    organisation = users[0].person.organisation
    colleague_user = UserFactory(email="colleague@example.com")
    colleague = PersonFactory(organisation=organisation, user=colleague_user)
    services.election_voter_proxy_set(
        election=item, organisation=organisation, holder=colleague, actor=coordinator
    )
    with pytest.raises(ValidationError, match="not entitled"):
        services.election_ballot_cast(election=item, user=users[0], candidate_ids=[])
    voter = services.election_ballot_cast(
        election=item, user=colleague_user, candidate_ids=[people[0].pk]
    )
    assert voter.person == users[0].person
    voter.refresh_from_db()
    assert voter.voted_by == colleague


def test_a_proxy_to_another_member_only_where_the_body_allows(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    organisation = users[0].person.organisation
    other = users[1].person
    with pytest.raises(ValidationError, match="same member"):
        services.election_voter_proxy_set(
            election=item, organisation=organisation, holder=other, actor=coordinator
        )
    assembly.proxies_to_other_members = True
    assembly.save()
    services.election_voter_proxy_set(
        election=item, organisation=organisation, holder=other, actor=coordinator
    )
    with pytest.raises(ValidationError, match="as many proxies"):
        services.election_voter_proxy_set(
            election=item,
            organisation=users[2].person.organisation,
            holder=other,
            actor=coordinator,
        )


# --- The count ----------------------------------------------------------------------------------


def _vote(item, user, *marked):
    services.election_ballot_cast(election=item, user=user, candidate_ids=[c.pk for c in marked])


def test_the_top_seats_are_elected_and_get_council_seats_for_the_term(assembly, coordinator):
    item, (a, b, c), users = _open_election(assembly, coordinator, seats=2)
    _vote(item, users[0], a, b)
    _vote(item, users[1], a, b)
    _vote(item, users[2], a, c)

    closed = services.election_close(election=item, actor=coordinator)

    assert closed.status == Election.Status.CLOSED
    assert closed.participant_count == 3
    votes = {x.pk: (x.votes, x.elected) for x in Candidate.objects.filter(election=item)}
    assert votes == {a.pk: (3, True), b.pk: (2, True), c.pk: (1, False)}
    seats = CouncilSeat.objects.filter(person__in=[a.person, b.person])
    assert seats.count() == 2
    assert {(s.term_start, s.term_end) for s in seats} == {(item.term_start, item.term_end)}
    assert not CouncilSeat.objects.filter(person=c.person).exists()


def test_a_tie_for_the_last_seat_opens_a_run_off_and_the_run_off_fills_it(assembly, coordinator):
    item, (a, b, c), users = _open_election(assembly, coordinator, seats=2)
    _vote(item, users[0], a, b)
    _vote(item, users[1], a, c)

    tied = services.election_close(election=item, actor=coordinator)

    assert tied.status == Election.Status.TIED
    runoff = Election.objects.get(runoff_of=item)
    assert runoff.seats == 1
    assert runoff.status == Election.Status.NOMINATING
    assert {x.person for x in runoff.candidates.all()} == {b.person, c.person}
    assert all(x.consented_at for x in runoff.candidates.all())
    assert runoff.title_pl.startswith("Wybory Rady Klastra")
    # The clear winner has their seat already.
    assert CouncilSeat.objects.filter(person=a.person).count() == 1

    opened(runoff, actor=coordinator)
    rb = runoff.candidates.get(person=b.person)
    _vote(runoff, users[0], rb)
    _vote(runoff, users[1], rb)
    services.election_close(election=runoff, actor=coordinator)

    assert CouncilSeat.objects.filter(person=b.person, term_start=item.term_start).exists()
    assert not CouncilSeat.objects.filter(person=c.person).exists()


def test_a_candidate_without_votes_is_never_elected(assembly, coordinator):
    item, (a, b, c), users = _open_election(assembly, coordinator, seats=2)
    _vote(item, users[0], a)
    closed = services.election_close(election=item, actor=coordinator)
    assert closed.status == Election.Status.CLOSED
    assert list(Candidate.objects.filter(election=item, elected=True)) == [a]


def test_the_task_closes_only_after_the_window(assembly, coordinator):
    item, people, users = _open_election(assembly, coordinator)
    assert services.election_close(election=item).status == Election.Status.VOTING
    Election.objects.filter(pk=item.pk).update(
        voting_opens_at=timezone.now() - timedelta(hours=1),
        voting_closes_at=timezone.now() - timedelta(seconds=1),
    )
    from elections.tasks import elections_close_due

    elections_close_due()
    item.refresh_from_db()
    assert item.status == Election.Status.CLOSED
    with pytest.raises(ValidationError, match="not open"):
        _vote(item, users[0])


def test_the_council_elects_its_chair(council_body, coordinator):
    start = timezone.localdate().replace(month=1, day=1)
    old_chair_user = council_member("old@example.com")
    old_seat = old_chair_user.person.council_seats.get()
    old_seat.is_chair = True
    old_seat.save()
    first = council_member("first@example.com")
    second = council_member("second@example.com")
    item = election(
        council_body,
        actor=coordinator,
        target="chair",
        seats=1,
        term_start=start,
        term_end=start.replace(year=start.year + 2),
    )
    one = candidate(item, person=first.person, nominator=coordinator)
    candidate(item, person=second.person, nominator=coordinator)
    item = opened(item, actor=coordinator)
    assert item.eligible_count == 3
    for user in (old_chair_user, first, second):
        _vote(item, user, one)

    services.election_close(election=item, actor=coordinator)

    assert first.person.council_seats.get().is_chair
    old_seat.refresh_from_db()
    assert not old_seat.is_chair
    assert CouncilSeat.objects.filter(is_chair=True).count() == 1


# --- Paper --------------------------------------------------------------------------------------


def _paper(assembly, coordinator, seats=2):
    item = election(assembly, actor=coordinator, seats=seats, method="paper")
    people = [candidate(item, nominator=coordinator) for _ in range(3)]
    for n in range(4):
        member_voter(f"paper{n}@example.com")
    return opened(item, actor=coordinator), people


def test_paper_totals_are_checked(assembly, coordinator):
    item, (a, b, c) = _paper(assembly, coordinator)
    record = services.election_paper_totals_record
    with pytest.raises(ValidationError, match="more votes than there were ballots"):
        record(election=item, actor=coordinator, ballots=3, totals={a.pk: 4, b.pk: 0, c.pk: 0})
    with pytest.raises(ValidationError, match="add up to 7"):
        record(election=item, actor=coordinator, ballots=3, totals={a.pk: 3, b.pk: 3, c.pk: 1})
    with pytest.raises(ValidationError, match="every candidate"):
        record(election=item, actor=coordinator, ballots=3, totals={a.pk: 1})
    with pytest.raises(ValidationError, match="eligible voters"):
        record(election=item, actor=coordinator, ballots=99, totals={a.pk: 1, b.pk: 1, c.pk: 1})
    with pytest.raises(ValidationError, match="before closing"):
        services.election_close(election=item, actor=coordinator)

    record(election=item, actor=coordinator, ballots=3, totals={a.pk: 3, b.pk: 2, c.pk: 1})
    closed = services.election_close(election=item, actor=coordinator)

    assert closed.participant_count == 3
    assert set(Candidate.objects.filter(election=item, elected=True)) == {a, b}


def test_an_electronic_ballot_takes_no_paper_totals(assembly, coordinator):
    item, (a, b, c), users = _open_election(assembly, coordinator)
    with pytest.raises(ValidationError, match="paper ballot"):
        services.election_paper_totals_record(
            election=item, actor=coordinator, ballots=1, totals={a.pk: 1, b.pk: 0, c.pk: 0}
        )


# --- The results PDF ----------------------------------------------------------------------------


def test_the_results_pdf_is_kept_with_its_sha256(
    assembly, coordinator, django_capture_on_commit_callbacks
):
    item, (a, b, c), users = _open_election(assembly, coordinator, seats=1)
    _vote(item, users[0], a)
    with django_capture_on_commit_callbacks(execute=True):
        services.election_close(election=item, actor=coordinator)

    item.refresh_from_db()
    assert item.results_pdf
    content = item.results_pdf.read()
    assert content.startswith(b"%PDF-")
    assert item.results_pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert item.results_pdf.storage is private_storage
    entry = AuditEntry.objects.get(action="election.results_pdf_rendered")
    assert entry.changes == {"sha256": item.results_pdf_sha256}
