"""Writes for governance. Each function is one transaction and leaves an audit entry.

Locks are always taken in the same order: governing body, then resolution, then eligible voter.
Voting and closing both lock the resolution row, so no ballot can slip in after the tally.

A vote cast writes two things in one transaction: the `VoteCast` record of who voted, and the
choice in the ballot box (a named `Ballot`, or an anonymous `SecretBallot`). See models.py.
"""

import datetime
import random
from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, model_snapshot
from core.domain_events import RESOLUTION_ADOPTED, domain_event_emit
from core.emails import email_queue
from core.pdf import pdf_render, sha256_hex
from core.services import audited_update
from core.uploads import check_pdf_content
from events.models import Event
from members.models import CouncilSeat, Organisation, Person

from .electorate import electorate_left_out_record, voting_restrictions
from .indicators import indicator_source
from .models import (
    Ballot,
    Choice,
    EligibleVoter,
    GoverningBody,
    OperationalPlan,
    PlanItem,
    Resolution,
    ResolutionAttachment,
    SecretBallot,
    StrategicGoal,
    Strategy,
    VoteCast,
)
from .rules import Tally

Status = Resolution.Status
Electorate = GoverningBody.Electorate

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
BODY_AUDITED_FIELDS = [
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "slug",
    "electorate",
    "quorum_percent",
    "majority",
    "majority_base",
    "arrears_days_without_vote",
]
RESOLUTION_AUDITED_FIELDS = [
    "body",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    *(f"content_{code}" for code in LANGUAGE_CODES),
    "legal_basis",
    "is_public",
    "is_secret",
    "method",
    "voting_closes_at",
    "quorum_percent",
    "majority",
    "majority_base",
]
# A reminder goes out once the close is this near.
REMINDER_BEFORE_CLOSE = timedelta(days=1)
PROXY_MAX_BYTES = 5 * 1024 * 1024


def _recipient(person: Person) -> tuple[str, str]:
    """Return (e-mail, language) for a person: their account's when they have one."""
    user = person.user
    if user is not None:
        return user.email, user.language
    return person.email, person.language


# --- Bodies -------------------------------------------------------------------------------------


@transaction.atomic
def body_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    appointed_people: Iterable[Person] = (),
    body: GoverningBody | None = None,
) -> GoverningBody:
    """Create or change a governing body and its default voting rules."""
    creating = body is None
    body = (
        GoverningBody()
        if body is None
        else GoverningBody.objects.select_for_update().get(pk=body.pk)
    )
    saved = body

    def appointed_people_set() -> None:
        electorate = saved.electorate
        saved.appointed_people.set(appointed_people if electorate == Electorate.APPOINTED else [])

    audited_update(
        actor=actor,
        instance=body,
        data=data,
        fields=BODY_AUDITED_FIELDS,
        audit_action="governing_body.created" if creating else "governing_body.updated",
        related=appointed_people_set,
    )
    return body


# --- Drafting -----------------------------------------------------------------------------------


def _check_rules_not_weaker(resolution: Resolution) -> None:
    if not resolution.rules.is_at_least_as_strict_as(resolution.body.rules):
        raise ValidationError(
            _(
                "A resolution may require a stricter rule than its body's default, never a "
                "weaker one: quorum at least %(quorum)s%%, majority at least “%(majority)s” "
                "counted %(base)s."
            ),
            params={
                "quorum": resolution.body.quorum_percent,
                "majority": resolution.body.get_majority_display(),
                "base": resolution.body.get_majority_base_display(),
            },
            code="weaker_rule",
        )


@transaction.atomic
def resolution_draft_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    resolution: Resolution | None = None,
    attachments: Iterable[UploadedFile] = (),
) -> Resolution:
    """Create or change a draft; `attachments` is a sequence of uploaded files."""
    creating = resolution is None
    if resolution is None:
        resolution = Resolution(created_by=actor)
    else:
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be changed; voting on this resolution has begun."),
                code="not_draft",
            )
    saved = resolution

    def attachments_add() -> dict[str, Any] | None:
        for upload in attachments:
            # An uploaded file always has a name.
            ResolutionAttachment.objects.create(
                resolution=saved,
                file=upload,
                name=upload.name,  # type: ignore[misc]
            )
        return {"attachments": [upload.name for upload in attachments]} if attachments else None

    audited_update(
        actor=actor,
        instance=resolution,
        data=data,
        fields=RESOLUTION_AUDITED_FIELDS,
        audit_action="resolution.drafted" if creating else "resolution.updated",
        check=lambda: _check_rules_not_weaker(saved),
        related=attachments_add,
        log_unchanged=True,
    )
    return resolution


@transaction.atomic
def resolution_draft_delete(*, resolution: Resolution, actor: User | None) -> None:
    """Delete a draft. A resolution with a number is never deleted, so numbers have no gaps."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."), code="not_draft")
    audit_log(
        actor=actor,
        action="resolution.draft_deleted",
        target=resolution,
        changes=model_snapshot(resolution, RESOLUTION_AUDITED_FIELDS),
    )
    resolution.delete()


# --- Opening ------------------------------------------------------------------------------------


def electorate_of(
    body: GoverningBody, *, on: datetime.date
) -> list[tuple[Person, Organisation | None]]:
    """Return (person, organisation or None) for everyone who may vote in `body` on `on`.

    Members that a registered restriction takes the vote from (`electorate.voting_restrictions`:
    fees in arrears, say) are left out; `electorate.electorate_left_out` says who and why.
    """
    if body.electorate == Electorate.MEMBERS:
        organisations = (
            Organisation.objects.active()
            .filter(primary_representative__isnull=False)
            .exclude(pk__in=list(voting_restrictions(body, on)))
            .select_related("primary_representative")
            .order_by("name")
        )
        return [(org.primary_representative, org) for org in organisations]
    if body.electorate == Electorate.COUNCIL:
        seats = (
            CouncilSeat.objects.in_office(on=on)
            .filter(person__user__isnull=False, person__user__is_active=True)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        people = {seat.person.pk: seat.person for seat in seats}
        return [(person, None) for person in people.values()]
    return [(person, None) for person in body.appointed_people.order_by("last_name", "first_name")]


def _next_number(body: GoverningBody, year: int) -> int:
    latest = Resolution.objects.filter(body=body, year=year).aggregate(latest=Max("number"))
    return (latest["latest"] or 0) + 1


def _number_and_snapshot(resolution: Resolution, *, on: datetime.date) -> None:
    """Give the resolution the body's next number for the year and freeze who may vote.

    The caller holds the lock on the body, so two resolutions cannot take the same number.
    """
    electorate = electorate_of(resolution.body, on=on)
    if not electorate:
        raise ValidationError(
            _("Nobody is eligible to vote in this body, so the vote cannot take place."),
            code="no_electorate",
        )
    resolution.year = on.year
    resolution.number = _next_number(resolution.body, on.year)
    EligibleVoter.objects.bulk_create(
        EligibleVoter(resolution=resolution, person=person, organisation=organisation)
        for person, organisation in electorate
    )
    resolution.eligible_count = len(electorate)
    electorate_left_out_record(
        body=resolution.body,
        on=on,
        target=resolution,
        audit_action="resolution.electorate_restricted",
    )


def _lock_draft(resolution: Resolution) -> Resolution:
    GoverningBody.objects.select_for_update().get(pk=resolution.body_id)
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=resolution.pk)
    )
    if resolution.status != Status.DRAFT:
        raise ValidationError(_("Voting on this resolution has already begun."), code="not_draft")
    return resolution


@transaction.atomic
def vote_open(
    *, resolution: Resolution, actor: User | None, closes_at: datetime.datetime | None
) -> Resolution:
    """Open the electronic vote now, until `closes_at`; voters are told by e-mail."""
    from .tasks import vote_opened_notify

    resolution = _lock_draft(resolution)
    now = timezone.now()
    if closes_at is None or closes_at <= now:
        raise ValidationError(
            {"voting_closes_at": _("Voting must close later than now.")}, code="closes_in_past"
        )
    _number_and_snapshot(resolution, on=timezone.localdate(now))
    resolution.method = Resolution.Method.ELECTRONIC
    resolution.status = Status.OPEN
    resolution.voting_opens_at = now
    resolution.voting_closes_at = closes_at
    resolution.save()
    audit_log(
        actor=actor,
        action="resolution.vote_opened",
        target=resolution,
        changes={
            "number": resolution.number_display,
            "eligible": resolution.eligible_count,
            "voting_closes_at": closes_at,
        },
    )
    transaction.on_commit(lambda: vote_opened_notify.delay(resolution.pk))
    return resolution


# --- Voting -------------------------------------------------------------------------------------


def _voter_for(
    resolution: Resolution, person: Person, voter_id: int | None = None
) -> EligibleVoter | None:
    """Return the EligibleVoter row through which `person` votes, locked, or None.

    A person holding more than one vote (their own and proxies of other members, where the body
    allows it) names the one with `voter_id`; without it, the first.
    """
    voters = (
        EligibleVoter.objects.select_for_update(of=("self",))
        .filter(resolution=resolution)
        .filter(Q(proxy__isnull=True, person=person) | Q(proxy=person))
    )
    if voter_id is not None:
        voters = voters.filter(pk=voter_id)
    # The person's own vote first, as the page shows it.
    return voters.order_by(F("proxy").asc(nulls_first=True), "pk").first()


def _check_window_open(resolution: Resolution, now: datetime.datetime) -> None:
    if resolution.status == Status.DRAFT or (
        resolution.voting_opens_at and now < resolution.voting_opens_at
    ):
        raise ValidationError(
            _("Voting on this resolution has not opened yet."), code="not_open_yet"
        )
    # A resolution past its draft has a closing time (set when the vote opens or is recorded).
    if resolution.status == Status.CLOSED or now >= resolution.voting_closes_at:  # type: ignore[operator]
        raise ValidationError(_("Voting on this resolution has closed."), code="closed")
    if resolution.method != Resolution.Method.ELECTRONIC:
        raise ValidationError(_("This resolution is voted at a meeting."), code="meeting_vote")


def _already_voted() -> ValidationError:
    return ValidationError(
        _(
            "This vote has already been cast. A secret ballot is final: the portal keeps only "
            "that you voted, not your choice, so it cannot be changed."
        ),
        code="already_voted",
    )


def _vote_cast_record(
    *, voter: EligibleVoter, person: Person | None, now: datetime.datetime
) -> VoteCast:
    """Record that the voter's vote was cast; the database lets this happen once per voter."""
    try:
        with transaction.atomic():
            return VoteCast.objects.create(voter=voter, cast_by=person, cast_at=now)
    except IntegrityError as error:
        raise _already_voted() from error


def _secret_ballot_add(*, resolution: Resolution, choice: str) -> None:
    """Put a choice in the secret ballot box, then write the whole box anew in a random order.

    Appended, the new row would be the last in the table, with the highest position and the
    newest transaction id, next to the voter's `VoteCast` and audit rows written at the same
    moment. Rewritten, every row of the box shares this transaction and a place drawn at random.
    The caller holds the resolution's lock, so no other ballot or the closing count runs meanwhile.
    """
    box = SecretBallot.objects.filter(resolution=resolution)
    choices = [*box.values_list("choice", flat=True), choice]
    random.SystemRandom().shuffle(choices)
    box.delete()
    SecretBallot.objects.bulk_create(
        SecretBallot(resolution=resolution, choice=item) for item in choices
    )


@transaction.atomic
def ballot_cast(
    *,
    resolution: Resolution,
    user: User | AnonymousUser,
    choice: str,
    voter_id: int | None = None,
) -> VoteCast:
    """Record the user's vote and return the `VoteCast` record; one vote per voter.

    A named vote can be changed while the window is open. A secret ballot is final: its choice
    goes into the box without the voter, so nothing is left that could find and change it.
    """
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    now = timezone.now()
    _check_window_open(resolution, now)
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Choose for, against or abstain.")}, code="choice")
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    voter = _voter_for(resolution, person, voter_id) if person is not None else None
    if voter is None:
        handed_over = (
            person is not None
            and EligibleVoter.objects.filter(
                resolution=resolution, person=person, proxy__isnull=False
            ).exists()
        )
        if handed_over:
            raise ValidationError(
                _("You have handed your vote to a proxy, who votes for your organisation."),
                code="handed_to_proxy",
            )
        raise ValidationError(
            _("You are not entitled to vote on this resolution."), code="not_eligible"
        )
    cast = VoteCast.objects.filter(voter=voter).first()
    if resolution.is_secret:
        if cast is not None:
            raise _already_voted()
        cast = _vote_cast_record(voter=voter, person=person, now=now)
        _secret_ballot_add(resolution=resolution, choice=choice)
        action = "ballot.cast"
    else:
        # A voter was found for the person, so there is one.
        Ballot.objects.update_or_create(
            voter=voter,
            defaults={"choice": choice, "cast_by": person},  # type: ignore[misc]
        )
        action = "ballot.cast" if cast is None else "ballot.changed"
        if cast is None:
            cast = _vote_cast_record(voter=voter, person=person, now=now)
    # The entry says whose vote was cast and by whom; a secret vote's never says the choice.
    changes = {"voter": str(voter.person)}
    if voter.proxy_id is not None:
        changes["cast_by"] = str(person)
    if not resolution.is_secret:
        changes["choice"] = choice
    audit_log(actor=user, action=action, target=resolution, changes=changes)
    return cast


def proxy_document_check(document: UploadedFile | None) -> None:
    """Refuse a proxy document that is missing, too large, not a PDF or with active content."""
    if document is None:
        raise ValidationError(
            {"document": _("Upload the signed proxy document as a PDF.")}, code="no_document"
        )
    if document.size > PROXY_MAX_BYTES:  # type: ignore[operator]  # an upload has a size
        raise ValidationError(
            {"document": _("The proxy document may be at most 5 MB.")}, code="too_large"
        )
    document.seek(0)
    header = document.read(5)
    document.seek(0)
    if header != b"%PDF-":
        raise ValidationError(
            {"document": _("The proxy document must be a PDF file.")}, code="not_pdf"
        )
    try:
        # Its structure, and no active content (scripts, launch actions, embedded files), as
        # every uploaded PDF: the service holds the rule, whichever form or caller sends it.
        check_pdf_content(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}, code="invalid_pdf") from error


_check_proxy_document = proxy_document_check


def proxy_holder_check(
    *, body: GoverningBody, organisation: Organisation, granter: Person, holder: Person
) -> None:
    """Refuse a proxy holder the body's rules do not allow for `organisation`'s vote.

    The holder is another person of the same organisation or, when the body allows it, the
    representative of another active member.
    """
    if holder.pk == granter.pk:
        raise ValidationError({"proxy": _("Choose another person than yourself.")}, code="self")
    if holder.organisation_id == organisation.pk:
        return
    if not body.proxies_to_other_members:
        raise ValidationError(
            {"proxy": _("The proxy must be another person of the same organisation.")},
            code="other_organisation",
        )
    other = holder.organisation
    is_representative = (
        holder.role == Person.Role.REPRESENTATIVE or other.primary_representative_id == holder.pk
    )
    if other.status != Organisation.Status.ACTIVE or not is_representative:
        raise ValidationError(
            {
                "proxy": _(
                    "The proxy must be a person of your organisation or another member's "
                    "representative."
                )
            },
            code="not_a_representative",
        )


@transaction.atomic
def proxy_grant(
    *, resolution: Resolution, user: User, proxy: Person, document: UploadedFile | None
) -> EligibleVoter:
    """Hand the vote of the user's organisation to another person of the same organisation, or
    to another member's representative when the body allows it; a person holds at most the
    body's `max_proxies_per_person` proxies in one vote (counted under the resolution's lock)."""
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=resolution.pk)
    )
    _check_window_open(resolution, timezone.now())
    person = Person.objects.filter(user=user).first()
    voter = (
        EligibleVoter.objects.select_for_update(of=("self",))
        .filter(resolution=resolution, person=person, organisation__isnull=False)
        .first()
        if person is not None
        else None
    )
    if voter is None:
        raise ValidationError(
            _("Only the representative who holds the organisation's vote can appoint a proxy."),
            code="not_representative",
        )
    if voter.proxy_id is not None:
        raise ValidationError(
            _("The vote is already held by a proxy; withdraw that proxy first."),
            code="already_given",
        )
    # A voter was found for the person, and a voter's organisation was required above.
    proxy_holder_check(
        body=resolution.body,
        organisation=voter.organisation,  # type: ignore[arg-type]
        granter=person,  # type: ignore[arg-type]
        holder=proxy,
    )
    if proxy.user_id is None:
        raise ValidationError(
            {"proxy": _("The proxy needs an account in the portal to vote.")}, code="no_account"
        )
    held = EligibleVoter.objects.filter(resolution=resolution, proxy=proxy).count()
    if held >= resolution.body.max_proxies_per_person:
        raise ValidationError(
            {
                "proxy": _(
                    "%(name)s already holds %(count)s proxies for this vote, the most the "
                    "rules allow."
                )
                % {"name": proxy.full_name, "count": resolution.body.max_proxies_per_person}
            },
            code="too_many_proxies",
        )
    _check_proxy_document(document)
    voter.proxy = proxy
    name = f"proxy-{resolution.pk}-{voter.pk}.pdf"
    # _check_proxy_document refused a missing document.
    voter.proxy_document.save(name, document, save=False)  # type: ignore[arg-type]
    voter.save(update_fields=["proxy", "proxy_document"])
    audit_log(
        actor=user,
        action="proxy.granted",
        target=resolution,
        changes={"organisation": voter.organisation, "proxy": str(proxy)},
    )
    return voter


@transaction.atomic
def proxy_withdraw(*, resolution: Resolution, user: User) -> EligibleVoter:
    """Take back the vote handed to a proxy, while the vote is open and the proxy has not voted."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    _check_window_open(resolution, timezone.now())
    person = Person.objects.filter(user=user).first()
    voter = (
        EligibleVoter.objects.select_for_update(of=("self",))
        .filter(resolution=resolution, person=person, organisation__isnull=False)
        .select_related("proxy")
        .first()
        if person is not None
        else None
    )
    if voter is None or voter.proxy_id is None:
        raise ValidationError(
            _("Your organisation's vote is not held by a proxy."), code="no_proxy"
        )
    if VoteCast.objects.filter(voter=voter).exists():
        raise ValidationError(
            _("The proxy has already voted; the proxy can no longer be withdrawn."),
            code="used",
        )
    holder = voter.proxy
    voter.proxy = None
    voter.proxy_document.delete(save=False)
    voter.proxy_document = ""
    voter.save(update_fields=["proxy", "proxy_document"])
    audit_log(
        actor=user,
        action="proxy.withdrawn",
        target=resolution,
        changes={"organisation": voter.organisation, "proxy": str(holder)},
    )
    return voter


# --- Closing ------------------------------------------------------------------------------------


def _tally_ballots(resolution: Resolution) -> tuple[int, int, int]:
    """Count both boxes: a resolution's ballots all lie in the one its kind of vote uses."""
    counts = dict.fromkeys(Choice.values, 0)
    for box in (
        Ballot.objects.filter(voter__resolution=resolution),
        SecretBallot.objects.filter(resolution=resolution),
    ):
        for choice, total in box.values_list("choice").annotate(total=Count("pk")).order_by():
            counts[choice] += total
    return counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.ABSTAIN]


def _apply_outcome(
    resolution: Resolution,
    *,
    participants: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> None:
    resolution.participant_count = participants
    resolution.votes_for = votes_for
    resolution.votes_against = votes_against
    resolution.votes_abstain = votes_abstain
    resolution.outcome = resolution.rules.outcome(
        Tally(
            eligible=resolution.eligible_count,
            participants=participants,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
        )
    )


def _after_closing(resolution: Resolution) -> None:
    from .tasks import resolution_pdf_render, vote_outcome_notify

    resolution_id = resolution.pk
    transaction.on_commit(lambda: vote_outcome_notify.delay(resolution_id))
    if resolution.outcome == Resolution.Outcome.ADOPTED:
        domain_event_emit(
            kind=RESOLUTION_ADOPTED,
            payload={
                "resolution": {
                    "id": resolution.pk,
                    "number": resolution.number_display,
                    "title": resolution.title,
                    "body": resolution.body.slug,
                    "closed_at": resolution.closed_at.isoformat() if resolution.closed_at else None,
                }
            },
        )
        transaction.on_commit(lambda: resolution_pdf_render.delay(resolution_id))


@transaction.atomic
def vote_close(*, resolution: Resolution, actor: User | None = None) -> Resolution:
    """Close an open electronic vote: count, decide, and freeze it. Closing again changes nothing.

    With an actor (the chair or the coordinator) the vote closes early; without one (the
    periodic task) it closes only once its window has ended.
    """
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status == Status.CLOSED:
        return resolution
    if resolution.status == Status.DRAFT:
        raise ValidationError(_("Voting on this resolution has not opened yet."), code="draft")
    now = timezone.now()
    # An open vote has a closing time.
    if actor is None and now < resolution.voting_closes_at:  # type: ignore[operator]
        return resolution
    votes_for, votes_against, votes_abstain = _tally_ballots(resolution)
    participants = VoteCast.objects.filter(voter__resolution=resolution).count()
    _apply_outcome(
        resolution,
        participants=participants,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    resolution.status = Status.CLOSED
    resolution.closed_at = now
    resolution.closed_by = actor
    if now < resolution.voting_closes_at:  # type: ignore[operator]  # an open vote has one
        resolution.voting_closes_at = now
    resolution.save()
    audit_log(
        actor=actor,
        action="resolution.vote_closed",
        target=resolution,
        changes={
            "outcome": resolution.outcome,
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
            "took_part": participants,
            "eligible": resolution.eligible_count,
            "early": actor is not None,
        },
    )
    _after_closing(resolution)
    return resolution


@transaction.atomic
def meeting_vote_record(
    *,
    resolution: Resolution,
    actor: User | None,
    meeting_date: datetime.date,
    attendees: Iterable[Person],
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    named_choices: Mapping[int, tuple[str, Person]] | None = None,
) -> Resolution:
    """Record a vote held at a meeting: who attended (the quorum) and how many voted what.

    `attendees` are people of the body's electorate on the meeting date. A named vote gives
    `named_choices`: the attendee's id → (choice, the person who cast it: the attendee or the
    holder of their proxy); each becomes the voter's ballot, and the totals are counted from them.
    """
    resolution = _lock_draft(resolution)
    if meeting_date > timezone.localdate():
        raise ValidationError(
            {"meeting_date": _("Record a meeting vote once the meeting has taken place.")},
            code="meeting_in_future",
        )
    _number_and_snapshot(resolution, on=meeting_date)
    attendee_ids = {person.pk for person in attendees}
    voters = EligibleVoter.objects.filter(resolution=resolution)
    eligible_ids = set(voters.values_list("person_id", flat=True))
    if not attendee_ids <= eligible_ids:
        raise ValidationError(
            {"attendees": _("Only people eligible to vote in this body can be marked present.")},
            code="attendee_not_eligible",
        )
    if votes_for + votes_against + votes_abstain > len(attendee_ids):
        raise ValidationError(
            _("More votes were recorded (%(votes)s) than people attended (%(attended)s)."),
            params={
                "votes": votes_for + votes_against + votes_abstain,
                "attended": len(attendee_ids),
            },
            code="more_votes_than_attendees",
        )
    voters.filter(person_id__in=attendee_ids).update(attended=True)
    if named_choices is not None:
        if not set(named_choices) <= attendee_ids:
            raise ValidationError(
                _("Only the votes of people present can be recorded."), code="named_not_present"
            )
        if any(choice not in Choice.values for choice, _by in named_choices.values()):
            raise ValidationError({"choice": _("Choose for, against or abstain.")}, code="choice")
        cast_at = timezone.now()
        for voter in voters.filter(person_id__in=list(named_choices)):
            choice, cast_by = named_choices[voter.person_id]
            Ballot.objects.create(voter=voter, choice=choice, cast_by=cast_by)
            VoteCast.objects.create(voter=voter, cast_by=cast_by, cast_at=cast_at)
        chosen = [choice for choice, _by in named_choices.values()]
        votes_for = chosen.count(Choice.FOR)
        votes_against = chosen.count(Choice.AGAINST)
        votes_abstain = chosen.count(Choice.ABSTAIN)
    _apply_outcome(
        resolution,
        participants=len(attendee_ids),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    now = timezone.now()
    resolution.method = Resolution.Method.MEETING
    resolution.meeting_date = meeting_date
    resolution.status = Status.CLOSED
    resolution.closed_at = now
    resolution.closed_by = actor
    resolution.save()
    audit_log(
        actor=actor,
        action="resolution.meeting_vote_recorded",
        target=resolution,
        changes={
            "number": resolution.number_display,
            "meeting_date": meeting_date,
            "attended": len(attendee_ids),
            "eligible": resolution.eligible_count,
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
            "outcome": resolution.outcome,
        },
    )
    _after_closing(resolution)
    return resolution


# --- Mail ---------------------------------------------------------------------------------------


def _claim(resolution_id: int, field: str, **conditions: Any) -> bool:
    """Set a notification timestamp once; return whether this call did it."""
    return bool(
        Resolution.objects.filter(
            pk=resolution_id, **{f"{field}__isnull": True}, **conditions
        ).update(**{field: timezone.now()})
    )


def _email_voters(resolution: Resolution, voters: Iterable[EligibleVoter], template: str) -> None:
    for voter in voters:
        email, language = _recipient(voter.acting_person)
        email_queue(
            to=email,
            template=template,
            language=language,
            context={"resolution": resolution, "voter": voter, "language": language},
        )


def _voters_to_notify(resolution: Resolution) -> models.QuerySet[EligibleVoter]:
    return EligibleVoter.objects.filter(resolution=resolution).select_related(
        "person__user", "proxy__user"
    )


@transaction.atomic
def vote_opened_notify(*, resolution_id: int) -> int:
    """E-mail every eligible voter that voting has opened, once."""
    if not _claim(resolution_id, "opening_notified_at", status=Status.OPEN):
        return 0
    resolution = Resolution.objects.select_related("body").get(pk=resolution_id)
    voters = list(_voters_to_notify(resolution))
    _email_voters(resolution, voters, "resolutions_vote_opened")
    return len(voters)


@transaction.atomic
def vote_reminder_send(*, resolution_id: int) -> int:
    """Remind, once, the eligible voters who have not voted yet."""
    if not _claim(resolution_id, "reminder_sent_at", status=Status.OPEN):
        return 0
    resolution = Resolution.objects.select_related("body").get(pk=resolution_id)
    voters = list(_voters_to_notify(resolution).filter(vote_cast__isnull=True))
    _email_voters(resolution, voters, "resolutions_vote_reminder")
    return len(voters)


def reminders_due(*, now: datetime.datetime | None = None) -> models.QuerySet[Resolution]:
    """Open votes closing within a day whose reminder has not gone out."""
    now = now or timezone.now()
    return Resolution.objects.filter(
        status=Status.OPEN,
        method=Resolution.Method.ELECTRONIC,
        reminder_sent_at__isnull=True,
        voting_closes_at__gt=now,
        voting_closes_at__lte=now + REMINDER_BEFORE_CLOSE,
    )


@transaction.atomic
def vote_outcome_notify(*, resolution_id: int) -> int:
    """E-mail every eligible voter the outcome, once."""
    if not _claim(resolution_id, "outcome_notified_at", status=Status.CLOSED):
        return 0
    resolution = Resolution.objects.select_related("body").get(pk=resolution_id)
    voters = list(_voters_to_notify(resolution))
    _email_voters(resolution, voters, "resolutions_vote_outcome")
    return len(voters)


# --- Documents ----------------------------------------------------------------------------------


def named_votes(resolution: Resolution) -> list[Ballot]:
    """The ballots of a named vote, by voter; empty for a secret one."""
    if resolution.is_secret:
        return []
    return list(
        Ballot.objects.filter(voter__resolution=resolution)
        .select_related("voter__person", "voter__organisation", "cast_by")
        .order_by("voter__person__last_name", "voter__person__first_name", "pk")
    )


def resolution_pdf_bytes(resolution: Resolution) -> bytes:
    """Render the resolution's PDF in the cluster's official language."""
    return pdf_render(
        template="pdf/resolutions_resolution.html",
        context={"resolution": resolution, "named_votes": named_votes(resolution)},
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def resolution_pdf_store(*, resolution_id: int) -> Resolution:
    """Render and keep an adopted resolution's PDF with its SHA-256; only once."""
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=resolution_id)
    )
    if resolution.pdf or resolution.outcome != Resolution.Outcome.ADOPTED:
        return resolution
    content = resolution_pdf_bytes(resolution)
    resolution.pdf_sha256 = sha256_hex(content)
    filename = f"{resolution.body.slug}-{resolution.year}-{resolution.number}.pdf"
    resolution.pdf.save(filename, ContentFile(content), save=False)
    resolution.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    audit_log(
        actor=None,
        action="resolution.pdf_rendered",
        target=resolution,
        changes={"sha256": resolution.pdf_sha256},
    )
    return resolution


# --- Strategy and operational plan --------------------------------------------------------------


@transaction.atomic
def strategy_save(
    *, actor: User | None, data: Mapping[str, Any], strategy: Strategy | None = None
) -> Strategy:
    instance = strategy or Strategy()
    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=list(data),
        audit_action="strategy.created" if strategy is None else "strategy.updated",
    )
    return instance


@transaction.atomic
def strategic_goal_save(
    *,
    actor: User | None,
    strategy: Strategy,
    data: Mapping[str, Any],
    goal: StrategicGoal | None = None,
) -> StrategicGoal:
    instance = goal or StrategicGoal(strategy=strategy)
    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=list(data),
        audit_action="strategic_goal.created" if goal is None else "strategic_goal.updated",
    )
    return instance


@transaction.atomic
def plan_save(
    *, actor: User | None, data: Mapping[str, Any], plan: OperationalPlan | None = None
) -> OperationalPlan:
    instance = plan or OperationalPlan()
    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=list(data),
        audit_action="operational_plan.created" if plan is None else "operational_plan.updated",
    )
    return instance


@transaction.atomic
def plan_item_save(
    *,
    actor: User | None,
    plan: OperationalPlan,
    data: Mapping[str, Any],
    resolutions: Iterable[Resolution] = (),
    events: Iterable[Event] = (),
    item: PlanItem | None = None,
) -> PlanItem:
    """Save a plan item with the resolutions and events that serve it.

    An item whose `indicator_source` names a registered source takes its actual value from it,
    whatever value was given; a blank source keeps the value typed.
    """
    instance = item or PlanItem(plan=plan)
    if data.get("goal") is not None and data["goal"].strategy_id != plan.strategy_id:
        raise ValidationError(
            {"goal": _("Choose a goal of the strategy this plan implements.")},
            code="goal_of_other_strategy",
        )
    data = dict(data)
    source_key = data.get("indicator_source", instance.indicator_source) or ""
    source = indicator_source(source_key)
    if source_key and source is None:
        raise ValidationError(
            {"indicator_source": _("Choose one of the sources the portal offers.")},
            code="unknown_indicator_source",
        )
    fields = list(data)
    if source is not None and "indicator_actual" not in fields:
        fields.append("indicator_actual")

    def value_from_source() -> None:
        if source is not None:
            instance.indicator_actual = _indicator_value(source.compute(instance))

    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=fields,
        audit_action="plan_item.created" if item is None else "plan_item.updated",
        # A new item has no links yet; its value is computed again once it is saved.
        prepare=value_from_source if instance.pk is not None else None,
    )
    instance.resolutions.set(resolutions)
    instance.events.set(events)
    if source is not None and item is None:
        plan_items_indicator_refresh(actor=actor, item_ids=[instance.pk])
        instance.refresh_from_db(fields=["indicator_actual"])
    return instance


INDICATOR_MAX = Decimal("9999999999.99")


def _indicator_value(value: Decimal) -> Decimal:
    """Fit a computed value into the actual-value field (12 digits, 2 decimal places)."""
    return min(Decimal(value), INDICATOR_MAX).quantize(Decimal("0.01"))


@transaction.atomic
def plan_items_indicator_refresh(*, actor: User | None, item_ids: Iterable[int]) -> int:
    """Compute again the actual value of the items among `item_ids` whose source is registered.

    Apps that feed a source (projects) call this whenever what it counts changes. Returns how
    many values changed; each change leaves an audit entry.
    """
    changed = 0
    items = (
        PlanItem.objects.select_for_update()
        .filter(pk__in=set(item_ids))
        .exclude(indicator_source="")
        .order_by("pk")
    )
    for item in items:
        source = indicator_source(item.indicator_source)
        if source is None:
            continue
        value = _indicator_value(source.compute(item))
        if value == item.indicator_actual:
            continue
        before = item.indicator_actual
        item.indicator_actual = value
        item.save(update_fields=["indicator_actual", "updated_at"])
        audit_log(
            actor=actor,
            action="plan_item.indicator_refreshed",
            target=item,
            changes={
                "indicator_actual": [
                    None if before is None else str(before),
                    str(value),
                ],
                "indicator_source": item.indicator_source,
            },
        )
        changed += 1
    return changed


@transaction.atomic
def plan_pdf_store(*, plan_id: int) -> OperationalPlan:
    """Render the operational plan as a PDF and keep it with its SHA-256."""
    from .selectors import plan_progress

    plan = OperationalPlan.objects.select_for_update().get(pk=plan_id)
    goals = plan_progress(plan=plan)
    content = pdf_render(
        template="pdf/resolutions_plan.html",
        context={"plan": plan, "goals": goals, "generated_at": timezone.now()},
        language=settings.LANGUAGE_CODE,
    )
    if plan.pdf:
        plan.pdf.delete(save=False)
    plan.pdf.save(f"plan-{plan.pk}.pdf", ContentFile(content), save=False)
    plan.pdf_sha256 = sha256_hex(content)
    plan.pdf_generated_at = timezone.now()
    plan.save(update_fields=["pdf", "pdf_sha256", "pdf_generated_at", "updated_at"])
    return plan
