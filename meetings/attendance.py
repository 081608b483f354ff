"""Attendance, proxies, the live quorum and the votes taken at a meeting (issue 16).

Reads and writes of the meeting's register live here: the services are one transaction each and
leave an audit entry, as in `services.py`.

- A member's primary representative gives a proxy for a meeting with a signed PDF (checked as
  resolutions check theirs). The holder is a person of the same organisation, or, when the body's
  rules allow it, another member's representative; one person holds at most the body's
  `max_proxies_per_person` proxies for the meeting, counted under the lock on the meeting's row.
  A proxy can be withdrawn until it is used: when its holder is checked in, or a vote is
  recorded with it.
- The clerk (the coordinator, or the meeting's chair or secretary) checks people in at the door
  or online and marks them leaving; an online participant may check in themselves while the
  meeting is in session. The database refuses a second check-in of one person; the service turns
  that into a message.
- The quorum is computed from the register: the entitled votes, those present, those held by a
  present proxy holder, and the number required by the body's quorum.
- A draft resolution on the agenda is voted by name (each present vote recorded) or, when secret,
  by paper totals; resolutions' `meeting_vote_record` numbers it, closes it and renders its PDF.
  Each vote, and each election held at the meeting, leaves a `QuorumRecord`.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_coordinator
from core.audit import audit_log
from members import roles
from members.models import Organisation, Person
from resolutions.models import Choice, GoverningBody, Resolution
from resolutions.services import (
    electorate_of,
    meeting_vote_record,
    proxy_document_check,
    proxy_holder_check,
)

from .models import AgendaItem, Attendance, Meeting, MeetingProxy, QuorumRecord

Status = Meeting.Status
Mode = Attendance.Mode
Actor = User | AnonymousUser | None

# The register is kept while the meeting is about to begin and while it is in session.
REGISTER_STATUSES = (Status.CONVENED, Status.IN_SESSION)
# A proxy can be given for a meeting that has been convened and not yet closed.
PROXY_STATUSES = (Status.CONVENED, Status.IN_SESSION)


# --- Reads --------------------------------------------------------------------------------------


def may_keep_register(*, user: Actor, meeting: Meeting) -> bool:
    """The coordinator, or the meeting's chair or secretary, keeps its register."""
    if is_coordinator(user):
        return True
    person = roles.person_of(user)
    return person is not None and person.pk in (meeting.chair_id, meeting.secretary_id)


def electorate(*, meeting: Meeting) -> list[tuple[Person, Organisation | None]]:
    """The votes of the meeting: (entitled person, their member or None), as resolutions count."""
    return electorate_of(meeting.body, on=timezone.localdate())


def active_proxies(*, meeting: Meeting) -> QuerySet[MeetingProxy]:
    return MeetingProxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).select_related(
        "organisation", "holder__organisation", "granted_by"
    )


def present_person_ids(*, meeting: Meeting) -> set[int]:
    """The people checked in and not gone."""
    return set(
        Attendance.objects.filter(meeting=meeting, left_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )


@dataclass(frozen=True)
class Quorum:
    eligible: int
    present: int
    by_proxy: int
    required: int

    @property
    def represented(self) -> int:
        return self.present + self.by_proxy

    @property
    def reached(self) -> bool:
        return self.eligible > 0 and self.represented >= self.required


@dataclass(frozen=True)
class Vote:
    """One vote at the meeting: the entitled person, their member, and who casts it now."""

    person: Person
    organisation: Organisation | None
    cast_by: Person | None

    @property
    def by_proxy(self) -> bool:
        return self.cast_by is not None and self.cast_by.pk != self.person.pk


def votes_present(*, meeting: Meeting) -> list[Vote]:
    """Every entitled vote with who casts it now: the entitled person when present, else the
    present holder of the member's active proxy, else nobody (cast_by None)."""
    present = present_person_ids(meeting=meeting)
    proxies = {proxy.organisation_id: proxy for proxy in active_proxies(meeting=meeting)}
    votes = []
    for person, organisation in electorate(meeting=meeting):
        cast_by: Person | None = None
        if person.pk in present:
            cast_by = person
        elif organisation is not None and organisation.pk in proxies:
            proxy = proxies[organisation.pk]
            if proxy.holder_id in present:
                cast_by = proxy.holder
        votes.append(Vote(person=person, organisation=organisation, cast_by=cast_by))
    return votes


def quorum_of(*, meeting: Meeting, body: GoverningBody | None = None) -> Quorum:
    """The quorum as it stands: entitled votes, present, held by a present proxy, required."""
    body = body or meeting.body
    votes = votes_present(meeting=meeting)
    eligible = len(votes)
    return Quorum(
        eligible=eligible,
        present=sum(1 for vote in votes if vote.cast_by is not None and not vote.by_proxy),
        by_proxy=sum(1 for vote in votes if vote.by_proxy),
        required=math.ceil(body.quorum_percent * eligible / 100),
    )


@dataclass
class RegisterRow:
    """A person the clerk may check in, with their attendance and the proxies they hold."""

    person: Person
    organisation: Organisation | None = None
    proxies: list[MeetingProxy] = field(default_factory=list)
    attendance: Attendance | None = None


def register_people(*, meeting: Meeting, query: str = "") -> list[RegisterRow]:
    """The people the clerk may check in, matching `query`: the entitled, the proxy holders, the
    chair and the secretary; each with their attendance and the proxies they hold."""
    rows: dict[int, RegisterRow] = {}
    for person, organisation in electorate(meeting=meeting):
        rows[person.pk] = RegisterRow(person=person, organisation=organisation)
    for proxy in active_proxies(meeting=meeting):
        rows.setdefault(proxy.holder_id, RegisterRow(person=proxy.holder)).proxies.append(proxy)
    for chair_or_secretary in (meeting.chair, meeting.secretary):
        if chair_or_secretary is not None:
            rows.setdefault(chair_or_secretary.pk, RegisterRow(person=chair_or_secretary))
    attendance = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    words = query.replace("\x00", "").lower().split()
    found = []
    for row in rows.values():
        name = f"{row.person.first_name} {row.person.last_name}".lower()
        if all(word in name for word in words):
            row.attendance = attendance.get(row.person.pk)
            found.append(row)
    return sorted(found, key=lambda row: (row.person.last_name, row.person.first_name))


def proxy_of(*, meeting: Meeting, organisation: Organisation) -> MeetingProxy | None:
    return active_proxies(meeting=meeting).filter(organisation=organisation).first()


def entitled_organisation(*, meeting: Meeting, user: Actor) -> Organisation | None:
    """The member whose vote at the meeting the user holds as its entitled representative."""
    person = roles.person_of(user)
    if person is None:
        return None
    for entitled, organisation in electorate(meeting=meeting):
        if entitled.pk == person.pk and organisation is not None:
            return organisation
    return None


def may_check_in_online(*, meeting: Meeting, user: Actor) -> bool:
    """Whether the user may check themselves in online now: the meeting is in session and they
    are entitled or hold a proxy, and are not checked in yet."""
    person = roles.person_of(user)
    if person is None or meeting.status != Status.IN_SESSION:
        return False
    if Attendance.objects.filter(meeting=meeting, person=person).exists():
        return False
    return _may_attend(meeting, person)


def proxy_document_for(*, user: Actor, pk: int) -> MeetingProxy | None:
    """The proxy `pk` if the user may read its document: the clerk, the holder, or the entitled
    representative of the member who gave it."""
    proxy = MeetingProxy.objects.select_related("meeting__body").filter(pk=pk).first()
    if proxy is None:
        return None
    if may_keep_register(user=user, meeting=proxy.meeting):
        return proxy
    person = roles.person_of(user)
    if person is None:
        return None
    if person.pk in (proxy.holder_id, proxy.granted_by_id):
        return proxy
    if entitled_organisation(meeting=proxy.meeting, user=user) == proxy.organisation:
        return proxy
    return None


def _may_attend(meeting: Meeting, person: Person) -> bool:
    if person.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    if any(entitled.pk == person.pk for entitled, _org in electorate(meeting=meeting)):
        return True
    return active_proxies(meeting=meeting).filter(holder=person).exists()


def _lock_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting_id)


# --- Proxies ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_proxy_grant(
    *, actor: User, meeting: Meeting, holder: Person, document: UploadedFile | None
) -> MeetingProxy:
    """Hand the vote of the actor's member at the meeting to `holder` with a signed PDF."""
    proxy_document_check(document)
    meeting = _lock_meeting(meeting.pk)
    if meeting.status not in PROXY_STATUSES:
        raise ValidationError(
            _("A proxy can be given for a convened meeting until it closes."), code="status"
        )
    body = meeting.body
    if body.electorate != GoverningBody.Electorate.MEMBERS:
        raise ValidationError(
            _("At meetings of this body each person votes in person; there are no proxies."),
            code="no_proxies",
        )
    organisation = entitled_organisation(meeting=meeting, user=actor)
    granter = roles.person_of(actor)
    if organisation is None or granter is None:
        raise ValidationError(
            _("Only the representative who holds the member's vote can give a proxy."),
            code="not_representative",
        )
    proxy_holder_check(body=body, organisation=organisation, granter=granter, holder=holder)
    held = MeetingProxy.objects.filter(meeting=meeting, holder=holder, withdrawn_at__isnull=True)
    if held.count() >= body.max_proxies_per_person:
        raise ValidationError(
            {
                "proxy": _(
                    "%(name)s already holds %(count)s proxies for this meeting, the most the "
                    "rules allow."
                )
                % {"name": holder.full_name, "count": body.max_proxies_per_person}
            },
            code="too_many_proxies",
        )
    proxy = MeetingProxy(
        meeting=meeting, organisation=organisation, granted_by=granter, holder=holder
    )
    # proxy_document_check refused a missing document.
    proxy.document.save(f"proxy-{meeting.pk}-{organisation.pk}.pdf", document, save=False)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError as error:
        proxy.document.delete(save=False)
        raise ValidationError(
            _("Your organisation has already given a proxy for this meeting; withdraw it first."),
            code="already_given",
        ) from error
    audit_log(
        actor=actor,
        action="meeting_proxy.granted",
        target=meeting,
        changes={"organisation": [None, organisation.name], "holder": [None, str(holder)]},
    )
    return proxy


@transaction.atomic
def meeting_proxy_withdraw(
    *, actor: User, proxy: MeetingProxy, now: datetime.datetime | None = None
) -> MeetingProxy:
    """Withdraw a proxy that has not been used; the member's representative or the coordinator."""
    meeting = _lock_meeting(proxy.meeting_id)
    if not is_coordinator(actor) and entitled_organisation(meeting=meeting, user=actor) != (
        proxy.organisation
    ):
        raise ValidationError(
            _("Only the member's representative can withdraw its proxy."), code="not_yours"
        )
    withdrawn = MeetingProxy.objects.filter(
        pk=proxy.pk, withdrawn_at__isnull=True, used_at__isnull=True
    ).update(withdrawn_at=now or timezone.now())
    if not withdrawn:
        raise ValidationError(
            _("This proxy has been used or withdrawn already; it cannot be withdrawn now."),
            code="used",
        )
    proxy.refresh_from_db()
    audit_log(
        actor=actor,
        action="meeting_proxy.withdrawn",
        target=meeting,
        changes={
            "organisation": [proxy.organisation.name, None],
            "holder": [str(proxy.holder), None],
        },
    )
    return proxy


def _proxies_use(meeting: Meeting, holder: Person, now: datetime.datetime) -> None:
    MeetingProxy.objects.filter(
        meeting=meeting, holder=holder, withdrawn_at__isnull=True, used_at__isnull=True
    ).update(used_at=now)


# --- Attendance ---------------------------------------------------------------------------------


def _already_checked_in(person: Person) -> ValidationError:
    return ValidationError(
        _("%(name)s is already checked in.") % {"name": person.full_name}, code="checked_in"
    )


@transaction.atomic
def attendance_check_in(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    mode: str,
    now: datetime.datetime | None = None,
) -> Attendance:
    """Register a person present at the meeting (in the room or online); once per person.

    A person who left and comes back is present again. Proxies they hold count as used.
    """
    now = now or timezone.now()
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if meeting.status not in REGISTER_STATUSES:
        raise ValidationError(
            _("The register is kept while the meeting is convened or in session."), code="status"
        )
    if mode not in Mode.values:
        raise ValidationError(_("Choose in person or online."), code="mode")
    if not _may_attend(meeting, person):
        raise ValidationError(
            _("%(name)s is not entitled to attend this meeting.") % {"name": person.full_name},
            code="not_entitled",
        )
    existing = Attendance.objects.filter(meeting=meeting, person=person).first()
    if existing is not None:
        if existing.left_at is None:
            raise _already_checked_in(person)
        Attendance.objects.filter(pk=existing.pk).update(left_at=None, mode=mode)
        existing.refresh_from_db()
        _proxies_use(meeting, person, now)
        audit_log(
            actor=actor,
            action="attendance.returned",
            target=meeting,
            changes={"person": [None, str(person)], "mode": [None, mode]},
        )
        return existing
    organisation = next(
        (org for entitled, org in electorate(meeting=meeting) if entitled.pk == person.pk), None
    )
    attendance = Attendance(
        meeting=meeting,
        person=person,
        organisation=organisation,
        mode=mode,
        checked_in_at=now,
        checked_in_by=actor if isinstance(actor, User) else None,
    )
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError as error:
        raise _already_checked_in(person) from error
    _proxies_use(meeting, person, now)
    audit_log(
        actor=actor,
        action="attendance.checked_in",
        target=meeting,
        changes={"person": [None, str(person)], "mode": [None, mode]},
    )
    return attendance


def attendance_self_check_in(
    *, user: User, meeting: Meeting, now: datetime.datetime | None = None
) -> Attendance:
    """Check oneself in online while the meeting is in session."""
    person = roles.person_of(user)
    if person is None:
        raise ValidationError(_("You are not entitled to attend this meeting."), code="no_person")
    if meeting.status != Status.IN_SESSION:
        raise ValidationError(
            _("You can check in online once the meeting is in session."), code="not_in_session"
        )
    return attendance_check_in(
        actor=user, meeting=meeting, person=person, mode=Mode.ONLINE, now=now
    )


@transaction.atomic
def attendance_leave(
    *, actor: Actor, attendance: Attendance, now: datetime.datetime | None = None
) -> Attendance:
    """Mark that a person present has left the meeting."""
    left = Attendance.objects.filter(pk=attendance.pk, left_at__isnull=True).update(
        left_at=now or timezone.now()
    )
    attendance.refresh_from_db()
    if not left:
        raise ValidationError(
            _("%(name)s has already left.") % {"name": attendance.person.full_name}, code="left"
        )
    audit_log(
        actor=actor,
        action="attendance.left",
        target=attendance.meeting,
        changes={"person": [str(attendance.person), None]},
    )
    return attendance


# --- Votes at the meeting -----------------------------------------------------------------------


def _quorum_record(
    meeting: Meeting,
    *,
    item: AgendaItem,
    resolution: Resolution | None = None,
    election_id: int | None = None,
) -> QuorumRecord:
    quorum = quorum_of(meeting=meeting)
    return QuorumRecord.objects.create(
        meeting=meeting,
        agenda_item=item,
        resolution=resolution,
        election_id=election_id,
        eligible=quorum.eligible,
        present=quorum.present,
        by_proxy=quorum.by_proxy,
        required=quorum.required,
    )


def _check_vote_item(meeting: Meeting, item: AgendaItem, resolution: Resolution) -> None:
    if meeting.status != Status.IN_SESSION:
        raise ValidationError(
            _("Votes are recorded while the meeting is in session."), code="not_in_session"
        )
    if item.meeting_id != meeting.pk or item.kind != AgendaItem.Kind.RESOLUTIONS:
        raise ValidationError(_("Choose an item of draft resolutions."), code="item")
    if not item.resolutions.filter(pk=resolution.pk).exists():
        raise ValidationError(_("This resolution is not on this agenda item."), code="resolution")
    if resolution.status != Resolution.Status.DRAFT:
        raise ValidationError(_("This resolution has already been voted on."), code="voted")


@transaction.atomic
def meeting_resolution_vote(
    *,
    actor: User,
    item: AgendaItem,
    resolution: Resolution,
    choices: Mapping[int, str] | None = None,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
) -> Resolution:
    """Record the vote on a draft resolution of the agenda item.

    A named vote gives `choices`: the entitled person's id → for/against/abstain, for the votes
    present (a proxy holder votes for the member they hold). A secret resolution takes the paper
    totals. Resolutions number the resolution, close it and render its PDF; the quorum as it
    stands is recorded with it.
    """
    meeting = _lock_meeting(item.meeting_id)
    _check_vote_item(meeting, item, resolution)
    votes = [vote for vote in votes_present(meeting=meeting) if vote.cast_by is not None]
    named: dict[int, tuple[str, Person]] | None = None
    if not resolution.is_secret:
        if choices is None:
            raise ValidationError(_("Record each vote of a named vote."), code="named")
        casting = {vote.person.pk: vote for vote in votes}
        if not set(choices) <= set(casting):
            raise ValidationError(
                _("Only the votes present at the meeting can be recorded."), code="not_present"
            )
        if any(choice not in Choice.values for choice in choices.values()):
            raise ValidationError(_("Choose for, against or abstain."), code="choice")
        named = {pk: (choice, casting[pk].cast_by) for pk, choice in choices.items()}  # type: ignore[misc]
        counted = list(choices.values())
        votes_for = counted.count(Choice.FOR)
        votes_against = counted.count(Choice.AGAINST)
        votes_abstain = counted.count(Choice.ABSTAIN)
    elif min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError(_("A total cannot be negative."), code="negative")
    record = _quorum_record(meeting, item=item, resolution=resolution)
    resolution = meeting_vote_record(
        resolution=resolution,
        actor=actor,
        meeting_date=timezone.localdate(),
        attendees=[vote.person for vote in votes],
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        named_choices=named,
    )
    now = timezone.now()
    for vote in votes:
        if vote.by_proxy and vote.cast_by is not None:
            _proxies_use(meeting, vote.cast_by, now)
    audit_log(
        actor=actor,
        action="meeting.vote_recorded",
        target=meeting,
        changes={
            "resolution": [None, str(resolution)],
            "quorum": [None, f"{record.present + record.by_proxy}/{record.eligible}"],
            "outcome": [None, resolution.outcome],
        },
    )
    return resolution


@transaction.atomic
def meeting_election_quorum_record(*, actor: User, item: AgendaItem) -> QuorumRecord:
    """Record the quorum at the paper ballot of the item's election."""
    meeting = _lock_meeting(item.meeting_id)
    if meeting.status != Status.IN_SESSION:
        raise ValidationError(
            _("Votes are recorded while the meeting is in session."), code="not_in_session"
        )
    if item.meeting_id != meeting.pk or item.election_id is None:
        raise ValidationError(_("Choose an election item of this meeting."), code="item")
    record = _quorum_record(meeting, item=item, election_id=item.election_id)
    audit_log(
        actor=actor,
        action="meeting.election_quorum_recorded",
        target=meeting,
        changes={"quorum": [None, f"{record.present + record.by_proxy}/{record.eligible}"]},
    )
    return record


def items_with_votes(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda items voted at the meeting: draft resolutions and elections."""
    return (
        meeting.agenda_items.filter(
            Q(kind=AgendaItem.Kind.RESOLUTIONS) | Q(kind=AgendaItem.Kind.ELECTION)
        )
        .select_related("election")
        .prefetch_related("resolutions")
        .order_by("order", "pk")
    )
