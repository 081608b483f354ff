"""Writes for elections. Each function is one transaction and leaves an audit entry.

Locks are taken in one order: election, then its voters, then its candidates. Casting a ballot
and closing both lock the election row, so no ballot slips in after the count.

A ballot cast writes two things in one transaction, as resolutions' secret votes do: the voter's
participation (`ElectionVoter.voted_at`, set by a conditional UPDATE that only an unused vote
matches, so the database refuses a second ballot even from two requests at once) and one
`BallotMark` per candidate marked, with a random key and nothing that names the voter; each
ballot rewrites the election's box in a new random order (as resolutions' secret ballots do), so
not even the rows' transaction ids pair a voter's participation with their marks.
"""

import datetime
import random
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_coordinator
from core.audit import audit_log
from core.emails import email_queue
from core.pdf import pdf_render, sha256_hex
from core.services import audited_update
from members import services as member_services
from members.models import CouncilSeat, Organisation, Person
from resolutions.electorate import electorate_left_out_record
from resolutions.models import GoverningBody
from resolutions.services import electorate_of

from .models import BallotMark, Candidate, Election, ElectionVoter

Status = Election.Status
Target = Election.Target
Method = Election.Method
Electorate = GoverningBody.Electorate

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
ELECTION_AUDITED_FIELDS = [
    "body",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    "target",
    "seats",
    "term_start",
    "term_end",
    "method",
    "nominations_close_at",
]
STATEMENT_MAX = 4000


def _recipient(person: Person) -> tuple[str, str]:
    """Return (e-mail, language) for a person: their account's when they have one."""
    user = person.user
    if user is not None:
        return user.email, user.language
    return person.email, person.language


def _person_of(user: User | AnonymousUser | None) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=user).first()


def _lock(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",)).select_related("body").get(pk=election.pk)
    )


# --- The election -------------------------------------------------------------------------------


def _check_body_fits(election: Election) -> None:
    """The Member Assembly elects the Council; the Council elects its chair."""
    body = election.body
    if election.target == Target.CHAIR and body.electorate != Electorate.COUNCIL:
        raise ValidationError(
            {"body": _("The chair is elected by a body whose voters are the council members.")},
            code="chair_body",
        )
    if election.target == Target.COUNCIL and body.electorate == Electorate.COUNCIL:
        raise ValidationError(
            {"body": _("The Council is elected by the Member Assembly, not by itself.")},
            code="council_body",
        )


@transaction.atomic
def election_save(
    *, actor: User | None, data: Mapping[str, Any], election: Election | None = None
) -> Election:
    """Create an election, or change one while nominations are open."""
    creating = election is None
    if election is None:
        election = Election()
    else:
        election = _lock(election)
        if election.status != Status.NOMINATING:
            raise ValidationError(
                _("Only an election still taking nominations can be changed."),
                code="not_nominating",
            )
        if election.candidates.exists() and (
            "seats" in data
            and data["seats"] != election.seats
            or "target" in data
            and data["target"] != election.target
        ):
            raise ValidationError(
                _("Candidates are nominated: what is elected and the seats can no longer change."),
                code="has_candidates",
            )
    saved = election
    audited_update(
        actor=actor,
        instance=election,
        data=data,
        fields=ELECTION_AUDITED_FIELDS,
        audit_action="election.created" if creating else "election.updated",
        check=lambda: _check_body_fits(saved),
    )
    return election


@transaction.atomic
def election_cancel(*, election: Election, actor: User | None) -> Election:
    """Cancel an election before its count: no ballot is counted, nobody elected."""
    election = _lock(election)
    if election.status not in (Status.NOMINATING, Status.VOTING):
        raise ValidationError(_("Only an election not yet counted can be cancelled."), code="done")
    before = election.status
    election.status = Status.CANCELLED
    election.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="election.cancelled",
        target=election,
        changes={"status": [before, election.status]},
    )
    return election


# --- Nominations --------------------------------------------------------------------------------


def nominations_open(election: Election, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return election.status == Status.NOMINATING and (
        election.nominations_close_at is None or now < election.nominations_close_at
    )


def may_nominate(*, election: Election, user: User | AnonymousUser | None) -> bool:
    """The coordinator; for the Council, any person of an active member; for the chair, the
    council members in office."""
    if user is None or not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    person = _person_of(user)
    if person is None or person.organisation.status != Organisation.Status.ACTIVE:
        return False
    if election.target == Target.CHAIR:
        return CouncilSeat.objects.in_office(on=timezone.localdate()).filter(person=person).exists()
    return True


def _check_candidate_eligible(election: Election, person: Person) -> None:
    if person.organisation.status != Organisation.Status.ACTIVE:
        raise ValidationError(
            {"person": _("Candidates work for an active member organisation.")},
            code="not_a_member",
        )
    if (
        election.target == Target.COUNCIL
        and CouncilSeat.objects.filter(person=person, term_start__lte=election.term_end)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=election.term_start))
        .exists()
    ):
        raise ValidationError(
            {"person": _("This person already holds a council seat during this term.")},
            code="seat_overlaps",
        )
    if (
        election.target == Target.CHAIR
        and not CouncilSeat.objects.in_office(on=election.term_start).filter(person=person).exists()
    ):
        raise ValidationError(
            {"person": _("The chair is elected from the council members in office for the term.")},
            code="not_on_council",
        )


def _consent_email(candidate: Candidate) -> None:
    email, language = _recipient(candidate.person)
    email_queue(
        to=email,
        template="elections_consent_request",
        language=language,
        context={"candidate": candidate, "election": candidate.election, "language": language},
    )


@transaction.atomic
def candidate_nominate(
    *,
    election: Election,
    user: User | AnonymousUser,
    person: Person,
    statement: str = "",
) -> Candidate:
    """Nominate `person`; they are asked by e-mail to consent. Nominating oneself is consent."""
    election = _lock(election)
    if not nominations_open(election):
        raise ValidationError(_("Nominations for this election are closed."), code="closed")
    if not may_nominate(election=election, user=user):
        raise ValidationError(_("You may not nominate candidates in this election."), code="nope")
    person = Person.objects.select_related("organisation", "user").get(pk=person.pk)
    _check_candidate_eligible(election, person)
    if Candidate.objects.filter(election=election, person=person).exists():
        raise ValidationError(
            {"person": _("This person is already a candidate.")}, code="already_candidate"
        )
    if len(statement) > STATEMENT_MAX:
        raise ValidationError(
            {"statement": _("The statement may be at most 4000 characters.")}, code="too_long"
        )
    nominator = _person_of(user)
    now = timezone.now()
    candidate = Candidate.objects.create(
        election=election,
        person=person,
        nominated_by=nominator,
        statement=statement,
        consent_token=secrets.token_urlsafe(32),
        consented_at=now if nominator is not None and nominator.pk == person.pk else None,
    )
    audit_log(
        actor=user,
        action="election.candidate_nominated",
        target=election,
        changes={
            "candidate": str(person),
            "nominated_by": str(nominator) if nominator else None,
            "consented": candidate.consented_at is not None,
        },
    )
    if candidate.consented_at is None:
        # The outbox row is written in this transaction and sent once it commits.
        _consent_email(candidate)
    return candidate


@transaction.atomic
def candidate_consent(*, token: str, accept: bool, statement: str | None = None) -> Candidate:
    """Record the candidate's answer, given through the link e-mailed to them (the token is the
    credential). They may change their mind while nominations are open."""
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("election", "person")
        .filter(consent_token=token)
        .first()
    )
    if candidate is None:
        raise ValidationError(_("This link is not valid."), code="bad_token")
    election = _lock(candidate.election)
    if election.status != Status.NOMINATING:
        raise ValidationError(
            _("The ballot of this election is already drawn up; the answer can no longer change."),
            code="closed",
        )
    if statement is not None and len(statement) > STATEMENT_MAX:
        raise ValidationError(
            {"statement": _("The statement may be at most 4000 characters.")}, code="too_long"
        )
    now = timezone.now()
    candidate.consented_at = now if accept else None
    candidate.declined_at = None if accept else now
    if statement is not None and accept:
        candidate.statement = statement
    candidate.save(update_fields=["consented_at", "declined_at", "statement"])
    audit_log(
        actor=candidate.person.user,
        action="election.candidate_consented" if accept else "election.candidate_declined",
        target=election,
        changes={"candidate": str(candidate.person)},
    )
    return candidate


@transaction.atomic
def nominations_close(*, election: Election, actor: User | None) -> Election:
    """Close nominations now; the ballot holds the candidates who have consented."""
    election = _lock(election)
    if not nominations_open(election):
        raise ValidationError(_("Nominations for this election are closed."), code="closed")
    election.nominations_close_at = timezone.now()
    election.save(update_fields=["nominations_close_at", "updated_at"])
    audit_log(
        actor=actor,
        action="election.nominations_closed",
        target=election,
        changes={"candidates": _consented(election).count()},
    )
    return election


def _consented(election: Election) -> models.QuerySet[Candidate]:
    return Candidate.objects.filter(election=election, consented_at__isnull=False)


# --- Voting -------------------------------------------------------------------------------------


@transaction.atomic
def voting_open(
    *, election: Election, actor: User | None, closes_at: datetime.datetime | None = None
) -> Election:
    """Open voting: freeze the electorate and the ballot. An electronic ballot needs a close."""
    from .tasks import election_opened_notify

    GoverningBody.objects.select_for_update().get(pk=election.body_id)
    election = _lock(election)
    if election.status != Status.NOMINATING:
        raise ValidationError(
            _("Voting in this election has already begun."), code="not_nominating"
        )
    now = timezone.now()
    if election.method == Method.ELECTRONIC and (closes_at is None or closes_at <= now):
        raise ValidationError(
            {"voting_closes_at": _("Voting must close later than now.")}, code="closes_in_past"
        )
    if not _consented(election).exists():
        raise ValidationError(
            _("No candidate has consented, so there is nobody to vote for."), code="no_candidates"
        )
    today = timezone.localdate(now)
    electorate = electorate_of(election.body, on=today)
    if not electorate:
        raise ValidationError(
            _("Nobody is eligible to vote in this body, so the vote cannot take place."),
            code="no_electorate",
        )
    ElectionVoter.objects.bulk_create(
        ElectionVoter(election=election, person=person, organisation=organisation)
        for person, organisation in electorate
    )
    election.eligible_count = len(electorate)
    electorate_left_out_record(
        body=election.body, on=today, target=election, audit_action="election.electorate_restricted"
    )
    election.status = Status.VOTING
    if election.nominations_close_at is None or election.nominations_close_at > now:
        election.nominations_close_at = now
    election.voting_opens_at = now
    election.voting_closes_at = closes_at
    election.save()
    audit_log(
        actor=actor,
        action="election.voting_opened",
        target=election,
        changes={
            "eligible": election.eligible_count,
            "candidates": _consented(election).count(),
            "voting_closes_at": closes_at,
        },
    )
    if election.method == Method.ELECTRONIC:
        election_id = election.pk
        transaction.on_commit(lambda: election_opened_notify.delay(election_id))
    return election


@transaction.atomic
def election_voter_proxy_set(
    *, election: Election, organisation: Organisation, holder: Person | None, actor: User | None
) -> ElectionVoter:
    """Hand a member's vote in the election to `holder` (None takes it back), by the body's
    proxy rules: a person of the same organisation, or another member's representative where the
    statute allows it, holding no more proxies than the body's limit. Only an unused vote."""
    election = _lock(election)
    if election.status != Status.VOTING:
        raise ValidationError(_("Voting in this election is not open."), code="not_voting")
    voter = (
        ElectionVoter.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(election=election, organisation=organisation)
        .first()
    )
    if voter is None:
        raise ValidationError(_("This member has no vote in the election."), code="no_vote")
    if voter.voted_at is not None:
        raise ValidationError(_("This vote has already been cast."), code="already_voted")
    if holder is not None:
        holder = Person.objects.select_related("organisation").get(pk=holder.pk)
        body = election.body
        own = holder.organisation_id == organisation.pk
        if holder.pk == voter.person_id:
            raise ValidationError(
                {"holder": _("The proxy must be someone else.")}, code="self_proxy"
            )
        if not own and not (
            body.proxies_to_other_members
            and holder.organisation.status == Organisation.Status.ACTIVE
            and holder.role == Person.Role.REPRESENTATIVE
        ):
            raise ValidationError(
                {"holder": _("This body allows a proxy only to a person of the same member.")},
                code="other_organisation",
            )
        held = (
            ElectionVoter.objects.filter(election=election, proxy=holder)
            .exclude(pk=voter.pk)
            .count()
        )
        if held >= body.max_proxies_per_person:
            raise ValidationError(
                {"holder": _("This person already holds as many proxies as the body allows.")},
                code="too_many_proxies",
            )
        if holder.user_id is None and election.method == Method.ELECTRONIC:
            raise ValidationError(
                {"holder": _("The proxy needs an account in the portal to vote.")},
                code="no_account",
            )
    before = str(voter.proxy) if voter.proxy_id else None
    voter.proxy = holder
    voter.save(update_fields=["proxy"])
    audit_log(
        actor=actor,
        action="election.proxy_set",
        target=election,
        changes={
            "organisation": str(organisation),
            "proxy": [before, str(holder) if holder else None],
        },
    )
    return voter


def _already_voted() -> ValidationError:
    return ValidationError(
        _(
            "This vote has already been cast. The ballot is secret: the portal keeps only that "
            "you voted, not your choice, so it cannot be changed."
        ),
        code="already_voted",
    )


def votes_held(*, election: Election, person: Person | None) -> models.QuerySet[ElectionVoter]:
    """The votes `person` casts: their own (unless handed over) and those held by proxy."""
    if person is None:
        return ElectionVoter.objects.none()
    return (
        ElectionVoter.objects.filter(election=election)
        .filter(Q(proxy__isnull=True, person=person) | Q(proxy=person))
        .select_related("person", "organisation", "proxy")
        .order_by("pk")
    )


def _ballot_box_add(*, election: Election, candidate_ids: list[int]) -> None:
    """Put a ballot's marks in the box, then write the whole box anew in a random order.

    Appended, the new rows would carry this transaction's id, the same as the voter's
    participation written beside them, and the last place in the table. Rewritten, every mark of
    the box shares this transaction, a new random key and a place drawn at random, so nothing
    tells which marks came with which ballot (a blank ballot rewrites the box too). The caller
    holds the election's lock, so no other ballot or the count runs meanwhile.
    """
    box = BallotMark.objects.filter(election=election)
    marks = [*box.values_list("candidate_id", flat=True), *candidate_ids]
    random.SystemRandom().shuffle(marks)
    box.delete()
    BallotMark.objects.bulk_create(
        BallotMark(id=secrets.token_hex(16), election=election, candidate_id=pk) for pk in marks
    )


@transaction.atomic
def election_ballot_cast(
    *,
    election: Election,
    user: User | AnonymousUser,
    candidate_ids: Iterable[int],
    voter_id: int | None = None,
) -> ElectionVoter:
    """Cast a secret ballot marking up to `seats` consented candidates (none: a blank ballot).

    `voter_id` picks which of the votes the user holds (their own, or one held by proxy); without
    it, the first not yet cast. Final once cast.
    """
    election = _lock(election)
    now = timezone.now()
    if election.status != Status.VOTING or election.method != Method.ELECTRONIC:
        raise ValidationError(_("Electronic voting in this election is not open."), code="closed")
    # An open electronic ballot has a close.
    if now >= election.voting_closes_at:  # type: ignore[operator]
        raise ValidationError(_("Voting in this election has closed."), code="closed")
    chosen = list(dict.fromkeys(int(pk) for pk in candidate_ids))
    if len(chosen) > election.seats:
        raise ValidationError(
            {"candidates": _("Mark at most %(seats)s candidates.") % {"seats": election.seats}},
            code="too_many",
        )
    on_ballot = set(_consented(election).values_list("pk", flat=True))
    if not set(chosen) <= on_ballot:
        raise ValidationError(
            {"candidates": _("Mark only candidates on the ballot.")}, code="not_on_ballot"
        )
    person = _person_of(user)
    held = votes_held(election=election, person=person)
    if voter_id is not None:
        held = held.filter(pk=voter_id)
    voter = held.filter(voted_at__isnull=True).first()
    if voter is None:
        if held.exists():
            raise _already_voted()
        raise ValidationError(
            _("You are not entitled to vote in this election."), code="not_eligible"
        )
    # The database's guard: only a vote not yet cast is matched, whatever ran meanwhile.
    claimed = ElectionVoter.objects.filter(pk=voter.pk, voted_at__isnull=True).update(
        voted_at=now, voted_by=person
    )
    if claimed != 1:
        raise _already_voted()
    _ballot_box_add(election=election, candidate_ids=chosen)
    changes: dict[str, Any] = {"voter": str(voter.person)}
    if voter.proxy_id is not None:
        changes["cast_by"] = str(person)
    # Never the marks: the entry says whose vote was cast, not for whom.
    audit_log(actor=user, action="election.ballot_cast", target=election, changes=changes)
    return voter


@transaction.atomic
def election_paper_totals_record(
    *,
    election: Election,
    actor: User | None,
    ballots: int,
    totals: Mapping[int, int],
) -> Election:
    """Enter the totals of a paper ballot counted at the meeting: the ballots cast and each
    consented candidate's marks. May be entered again until the election is closed."""
    election = _lock(election)
    if election.method != Method.PAPER or election.status != Status.VOTING:
        raise ValidationError(
            _("Paper totals are entered for a paper ballot while voting is open."),
            code="not_paper_voting",
        )
    candidates = list(_consented(election).select_for_update(of=("self",)))
    if ballots < 0 or any(int(value) < 0 for value in totals.values()):
        raise ValidationError(_("Counts cannot be negative."), code="negative")
    if ballots > election.eligible_count:
        raise ValidationError(
            {
                "ballots": _("More ballots (%(ballots)s) than eligible voters (%(eligible)s).")
                % {"ballots": ballots, "eligible": election.eligible_count}
            },
            code="more_ballots_than_voters",
        )
    if {candidate.pk for candidate in candidates} != {int(pk) for pk in totals}:
        raise ValidationError(
            _("Give a total for every candidate on the ballot, and only for them."),
            code="totals_incomplete",
        )
    by_pk = {int(pk): int(value) for pk, value in totals.items()}
    over = [str(c.person) for c in candidates if by_pk[c.pk] > ballots]
    if over:
        raise ValidationError(
            _("A candidate cannot have more votes than there were ballots: %(names)s.")
            % {"names": ", ".join(over)},
            code="candidate_over_ballots",
        )
    if sum(by_pk.values()) > ballots * election.seats:
        raise ValidationError(
            _(
                "The marks add up to %(marks)s, more than %(ballots)s ballots of at most "
                "%(seats)s marks each allow."
            )
            % {"marks": sum(by_pk.values()), "ballots": ballots, "seats": election.seats},
            code="too_many_marks",
        )
    for candidate in candidates:
        candidate.votes = by_pk[candidate.pk]
        candidate.save(update_fields=["votes"])
    election.participant_count = ballots
    election.save(update_fields=["participant_count", "updated_at"])
    audit_log(
        actor=actor,
        action="election.paper_totals_recorded",
        target=election,
        changes={
            "ballots": ballots,
            "totals": {str(c.person): by_pk[c.pk] for c in candidates},
        },
    )
    return election


# --- Closing ------------------------------------------------------------------------------------


def _outcome(
    candidates: list[Candidate], seats: int
) -> tuple[list[Candidate], list[Candidate], int]:
    """Return (elected, tied, seats left for a run-off) from candidates with their votes.

    The `seats` candidates with most votes are elected; a candidate with no vote never is. When
    candidates tie for the last seat(s), those above the tie are elected and the tied go to a
    run-off for the seats left.
    """
    ranked = sorted(
        (c for c in candidates if (c.votes or 0) > 0), key=lambda c: c.votes or 0, reverse=True
    )
    if len(ranked) <= seats:
        return ranked, [], 0
    last = ranked[seats - 1].votes
    above = [c for c in ranked if (c.votes or 0) > (last or 0)]
    at_last = [c for c in ranked if c.votes == last]
    if len(above) + len(at_last) == seats:
        return above + at_last, [], 0
    return above, at_last, seats - len(above)


def _runoff_create(
    election: Election, tied: list[Candidate], seats: int, actor: User | None
) -> Election:
    titles = {}
    for code in LANGUAGE_CODES:
        title = getattr(election, f"title_{code}", "") or ""
        if title:
            with translation.override(code):
                # Translators: a run-off election: the title of the election it repeats.
                titles[f"title_{code}"] = gettext("%(title)s: run-off") % {"title": title}
    now = timezone.now()
    runoff = Election.objects.create(
        body=election.body,
        target=election.target,
        seats=seats,
        term_start=election.term_start,
        term_end=election.term_end,
        method=election.method,
        status=Status.NOMINATING,
        nominations_close_at=now,
        runoff_of=election,
        **titles,
    )
    for candidate in tied:
        Candidate.objects.create(
            election=runoff,
            person=candidate.person,
            nominated_by=candidate.nominated_by,
            statement=candidate.statement,
            consented_at=candidate.consented_at,
            consent_token=secrets.token_urlsafe(32),
        )
    audit_log(
        actor=actor,
        action="election.runoff_created",
        target=runoff,
        changes={
            "runoff_of": str(election),
            "seats": seats,
            "candidates": [str(c.person) for c in tied],
        },
    )
    return runoff


def _seats_give(election: Election, elected: list[Candidate], actor: User | None) -> None:
    for candidate in elected:
        if election.target == Target.COUNCIL:
            member_services.council_seat_add(
                actor=actor,
                person=candidate.person,
                term_start=election.term_start,
                term_end=election.term_end,
            )
        else:
            member_services.council_chair_set(
                actor=actor, person=candidate.person, on=election.term_start
            )


@transaction.atomic
def election_close(*, election: Election, actor: User | None = None) -> Election:
    """Count and close: elect the top `seats`; a tie for the last seat(s) opens a run-off.

    The elected get their council seats (or the chair) for the term at once. Without an actor
    (the periodic task) an electronic ballot closes only once its window has ended. Closing a
    closed election changes nothing.
    """
    from .tasks import election_results_pdf_render

    election = _lock(election)
    if election.status in (Status.CLOSED, Status.TIED):
        return election
    if election.status != Status.VOTING:
        raise ValidationError(_("Voting in this election is not open."), code="not_voting")
    now = timezone.now()
    candidates = list(_consented(election).select_for_update(of=("self",)).select_related("person"))
    if election.method == Method.ELECTRONIC:
        # An open electronic ballot has a close.
        if actor is None and now < election.voting_closes_at:  # type: ignore[operator]
            return election
        counts = dict(
            BallotMark.objects.filter(election=election)
            .values_list("candidate")
            .annotate(total=Count("pk"))
            .order_by()
        )
        for candidate in candidates:
            candidate.votes = counts.get(candidate.pk, 0)
        election.participant_count = ElectionVoter.objects.filter(
            election=election, voted_at__isnull=False
        ).count()
        if election.voting_closes_at is None or now < election.voting_closes_at:
            election.voting_closes_at = now
    elif any(candidate.votes is None for candidate in candidates):
        raise ValidationError(
            _("Enter the totals of the paper ballot before closing."), code="no_totals"
        )
    elected, tied, seats_left = _outcome(candidates, election.seats)
    for candidate in candidates:
        candidate.elected = candidate in elected
        candidate.save(update_fields=["votes", "elected"])
    election.status = Status.TIED if tied else Status.CLOSED
    election.closed_at = now
    election.closed_by = actor
    election.save()
    audit_log(
        actor=actor,
        action="election.closed",
        target=election,
        changes={
            "status": election.status,
            "took_part": election.participant_count,
            "eligible": election.eligible_count,
            "votes": {str(c.person): c.votes for c in candidates},
            "elected": [str(c.person) for c in elected],
            "tied": [str(c.person) for c in tied],
        },
    )
    _seats_give(election, elected, actor)
    if tied:
        _runoff_create(election, tied, seats_left, actor)
    election_id = election.pk
    transaction.on_commit(lambda: election_results_pdf_render.delay(election_id))
    return election


# --- Mail and documents -------------------------------------------------------------------------


@transaction.atomic
def election_opened_notify(*, election_id: int) -> int:
    """E-mail every voter (or their proxy) that voting has opened, once."""
    claimed = Election.objects.filter(
        pk=election_id, opening_notified_at__isnull=True, status=Status.VOTING
    ).update(opening_notified_at=timezone.now())
    if not claimed:
        return 0
    election = Election.objects.select_related("body").get(pk=election_id)
    voters = list(
        ElectionVoter.objects.filter(election=election).select_related(
            "person__user", "proxy__user", "organisation"
        )
    )
    for voter in voters:
        email, language = _recipient(voter.proxy or voter.person)
        email_queue(
            to=email,
            template="elections_voting_opened",
            language=language,
            context={"election": election, "voter": voter, "language": language},
        )
    return len(voters)


def election_results_pdf_bytes(election: Election) -> bytes:
    """Render the results in the cluster's official language."""
    candidates = list(
        Candidate.objects.filter(election=election, consented_at__isnull=False)
        .select_related("person__organisation")
        .order_by("-votes", "person__last_name", "person__first_name", "pk")
    )
    runoff = election.runoffs.first()
    return pdf_render(
        template="pdf/elections_results.html",
        context={
            "election": election,
            "candidates": candidates,
            "runoff": runoff,
            "runoff_people": (
                set(runoff.candidates.values_list("person_id", flat=True)) if runoff else set()
            ),
        },
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def election_results_pdf_store(*, election_id: int) -> Election:
    """Render and keep the results PDF with its SHA-256; only once, for a counted election."""
    election = (
        Election.objects.select_for_update(of=("self",)).select_related("body").get(pk=election_id)
    )
    if election.results_pdf or election.status not in (Status.CLOSED, Status.TIED):
        return election
    content = election_results_pdf_bytes(election)
    election.results_pdf_sha256 = sha256_hex(content)
    election.results_pdf.save(
        f"election-{election.pk}-results.pdf", ContentFile(content), save=False
    )
    election.save(update_fields=["results_pdf", "results_pdf_sha256", "updated_at"])
    audit_log(
        actor=None,
        action="election.results_pdf_rendered",
        target=election,
        changes={"sha256": election.results_pdf_sha256},
    )
    return election
