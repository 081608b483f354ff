"""Writes to the member registry. Each function is one transaction and leaves an audit entry."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User
from accounts.services import invitation_send
from core.audit import audit_log, model_snapshot, snapshot_diff
from core.domain_events import MEMBER_JOINED, MEMBER_LEFT, domain_event_emit
from core.emails import email_queue
from core.services import audited_update, save_checked, slugify, unique_slug

from .models import (
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    ActionGroup,
    Competence,
    CouncilSeat,
    MembershipApplication,
    MembershipChange,
    Organisation,
    Person,
    Sector,
)
from .validators import normalise_digits, normalise_keywords, validate_keywords

Status = Organisation.Status

# Which status a membership may move to from each status. Approval and rejection of applicants
# have their own services because they do more than change the status.
STATUS_TRANSITIONS: dict[str, set[Organisation.Status]] = {
    Status.APPLICANT: {Status.ACTIVE, Status.REJECTED},
    Status.ACTIVE: {Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED},
    Status.SUSPENDED: {Status.ACTIVE, Status.WITHDRAWN, Status.EXPELLED},
    Status.WITHDRAWN: {Status.APPLICANT},
    Status.EXPELLED: set(),
    Status.REJECTED: {Status.APPLICANT},
}
LEAVING_STATUSES = {Status.WITHDRAWN, Status.EXPELLED}

IDENTIFIER_FIELDS = ("nip", "regon", "krs")


# A second registration of the same NIP, refused by the database, is reported on the NIP field.
ORGANISATION_UNIQUE_FIELDS = ["nip"]


def _normalise_identifiers(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: normalise_digits(value) if key in IDENTIFIER_FIELDS else value
        for key, value in data.items()
    }


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    sectors: Iterable[Sector] = (),
    status: str = Status.APPLICANT,
) -> Organisation:
    """Register an organisation from validated field values."""
    data = _normalise_identifiers(data)
    organisation = Organisation(**data, status=status)
    organisation.slug = unique_slug(Organisation, organisation.short_name or organisation.name)
    if status == Status.APPLICANT and organisation.applied_on is None:
        organisation.applied_on = timezone.localdate()
    save_checked(organisation, unique_fields=ORGANISATION_UNIQUE_FIELDS)
    organisation.sectors.set(sectors)
    audit_log(
        actor=actor,
        action="organisation.created",
        target=organisation,
        changes={
            **model_snapshot(organisation, ORGANISATION_FIELDS),
            "sectors": [str(sector) for sector in sectors],
        },
    )
    MembershipChange.objects.create(organisation=organisation, to_status=status, actor=actor)
    return organisation


def _names(objects: Iterable[models.Model]) -> list[str]:
    return sorted(str(item) for item in objects)


def _keywords_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the free keywords in `data`, if given, and refuse them when too long."""
    data = dict(data)
    if "keywords" in data:
        data["keywords"] = normalise_keywords(data["keywords"])
        try:
            validate_keywords(data["keywords"])
        except ValidationError as error:
            raise ValidationError({"keywords": error.error_list}) from error
    return data


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    actor: User | None,
    data: Mapping[str, Any],
    sectors: Iterable[Sector] | None = None,
    competences: Iterable[Competence] | None = None,
) -> Organisation:
    """Change an organisation's data, sectors and competences; record only what differs (the
    sectors and competences by name)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    relations = {
        name: (getattr(organisation, name), list(chosen))
        for name, chosen in (("sectors", sectors), ("competences", competences))
        if chosen is not None
    }
    before = {name: _names(manager.all()) for name, (manager, _chosen) in relations.items()}

    def relations_set() -> dict[str, Any]:
        changes = {}
        for name, (manager, chosen) in relations.items():
            manager.set(chosen)
            after = _names(chosen)
            if after != before[name]:
                changes[name] = [before[name], after]
        return changes

    audited_update(
        actor=actor,
        instance=organisation,
        data=_normalise_identifiers(_keywords_clean(data)),
        fields=ORGANISATION_FIELDS,
        audit_action="organisation.updated",
        unique_fields=ORGANISATION_UNIQUE_FIELDS,
        related=relations_set,
    )
    return organisation


@transaction.atomic
def organisation_change_status(
    *,
    organisation: Organisation,
    actor: User | None,
    status: str,
    reason: str,
    notify: bool = False,
) -> Organisation:
    """Move a membership to another status, keeping who, when and why."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = organisation.status
    if status not in STATUS_TRANSITIONS[previous]:
        raise ValidationError(
            _("A membership cannot change from “%(from)s” to “%(to)s”."),
            params={"from": Status(previous).label, "to": Status(status).label},
            code="invalid_transition",
        )
    if not reason.strip() and status != Status.ACTIVE:
        raise ValidationError({"reason": _("Give a reason for this change.")}, code="no_reason")
    today = timezone.localdate()
    organisation.status = status
    if status == Status.ACTIVE and organisation.joined_on is None:
        organisation.joined_on = today
    if status in LEAVING_STATUSES:
        organisation.left_on = today
    if status == Status.APPLICANT:
        organisation.applied_on, organisation.joined_on, organisation.left_on = today, None, None
    if status == Status.ACTIVE and organisation.primary_representative_id is None:
        raise ValidationError(
            _("Choose the organisation's primary representative before activating it."),
            code="no_primary_representative",
        )
    organisation.save(update_fields=["status", "joined_on", "left_on", "applied_on", "updated_at"])
    MembershipChange.objects.create(
        organisation=organisation,
        from_status=previous,
        to_status=status,
        reason=reason,
        actor=actor,
    )
    audit_log(
        actor=actor,
        action="organisation.status_changed",
        target=organisation,
        changes={"status": [previous, status], "reason": reason},
    )
    if status == Status.ACTIVE and previous != Status.SUSPENDED:
        domain_event_emit(kind=MEMBER_JOINED, payload=_member_event_payload(organisation))
    elif status in LEAVING_STATUSES and previous in (Status.ACTIVE, Status.SUSPENDED):
        domain_event_emit(kind=MEMBER_LEFT, payload=_member_event_payload(organisation))
    representative = organisation.primary_representative
    if notify and representative is not None:
        email_queue(
            to=representative.email,
            template="membership_status_changed",
            language=representative.language,
            context={"organisation": organisation, "status": status, "reason": reason},
        )
    return organisation


def _member_event_payload(organisation: Organisation) -> dict[str, Any]:
    return {
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind,
            "status": organisation.status,
            "joined_on": organisation.joined_on.isoformat() if organisation.joined_on else None,
            "left_on": organisation.left_on.isoformat() if organisation.left_on else None,
        }
    }


@transaction.atomic
def membership_apply(
    *,
    organisation_data: Mapping[str, Any],
    sectors: Iterable[Sector],
    contact_data: Mapping[str, Any],
    motivation: str,
    declaration_text: str,
    consent_text: str,
    ip_address: str | None,
    language: str,
) -> Organisation:
    """Store a public application to join: the organisation as an applicant and its contact."""
    organisation = organisation_create(actor=None, data=organisation_data, sectors=sectors)
    contact = Person.objects.create(
        organisation=organisation,
        role=Person.Role.REPRESENTATIVE,
        language=language,
        is_public_contact=True,
        **contact_data,
    )
    organisation.primary_representative = contact
    organisation.save(update_fields=["primary_representative"])
    MembershipApplication.objects.create(
        organisation=organisation,
        motivation=motivation,
        declaration_text=declaration_text,
        consent_text=consent_text,
        ip_address=ip_address,
        language=language,
    )
    audit_log(
        actor=None,
        action="membership.applied",
        target=organisation,
        changes={"contact": contact.email, "ip_address": ip_address},
    )
    # The applicant hears in their language that the application arrived and what comes next.
    email_queue(
        to=contact.email,
        template="membership_application_acknowledged",
        language=language,
        context={"organisation": organisation, "person": contact},
    )
    from accounts.models import User

    for coordinator in User.objects.filter(is_coordinator=True, is_active=True):
        email_queue(
            to=coordinator.email,
            template="membership_application_received",
            language=coordinator.language,
            context={"organisation": organisation, "contact": contact},
        )
    return organisation


@transaction.atomic
def membership_approve(*, organisation: Organisation, actor: User | None) -> Organisation:
    """Admit an applicant: the membership becomes active and its representative is invited."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Status.APPLICANT:
        raise ValidationError(_("Only an applicant can be approved."), code="not_applicant")
    representative = organisation.primary_representative
    if representative is None:
        raise ValidationError(
            _("An active member needs a primary representative."),
            code="no_primary_representative",
        )
    organisation_change_status(
        organisation=organisation, actor=actor, status=Status.ACTIVE, reason=""
    )
    MembershipApplication.objects.filter(organisation=organisation).update(
        decided_at=timezone.now(), decided_by=actor
    )
    person_invite(person=representative, actor=actor)
    return Organisation.objects.get(pk=organisation.pk)


@transaction.atomic
def membership_reject(
    *, organisation: Organisation, actor: User | None, reason: str
) -> Organisation:
    """Turn an application down and e-mail the reason to the applicant."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the rejection.")}, code="no_reason")
    organisation = organisation_change_status(
        organisation=organisation, actor=actor, status=Status.REJECTED, reason=reason
    )
    MembershipApplication.objects.filter(organisation=organisation).update(
        decided_at=timezone.now(), decided_by=actor, rejection_reason=reason
    )
    contact = organisation.primary_representative
    if contact is not None:
        email_queue(
            to=contact.email,
            template="membership_rejected",
            language=contact.language,
            context={"organisation": organisation, "person": contact, "reason": reason},
        )
    return organisation


@transaction.atomic
def person_create(
    *, organisation: Organisation, actor: User | None, data: Mapping[str, Any]
) -> Person:
    person = Person(organisation=organisation, **data)
    save_checked(person)
    audit_log(
        actor=actor,
        action="person.created",
        target=person,
        parent=organisation,
        changes=model_snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, person: Person, actor: User | None, data: Mapping[str, Any]) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    audited_update(
        actor=actor,
        instance=person,
        data=data,
        fields=PERSON_FIELDS,
        audit_action="person.updated",
        parent=person.organisation,
    )
    return person


@transaction.atomic
def person_delete(*, person: Person, actor: User | None) -> None:
    """Remove a person from the registry; the primary representative cannot be removed."""
    organisation = Organisation.objects.select_for_update().get(pk=person.organisation_id)
    if organisation.primary_representative_id == person.pk:
        raise ValidationError(
            _("Choose another primary representative before removing this person."),
            code="primary_representative",
        )
    audit_log(
        actor=actor,
        action="person.deleted",
        target=person,
        parent=organisation,
        changes=model_snapshot(person, PERSON_FIELDS),
    )
    try:
        person.delete()
    except models.ProtectedError as error:
        # Votes keep who cast them and who held a proxy: the record of a vote outlives the person.
        raise ValidationError(
            _("%(name)s took part in a vote, which keeps them on record; they cannot be removed."),
            params={"name": person.full_name},
            code="person_in_votes",
        ) from error


@transaction.atomic
def primary_representative_set(
    *, organisation: Organisation, person: Person, actor: User | None
) -> Organisation:
    """Make `person` the one who votes for the organisation in the Member Assembly."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if person.organisation_id != organisation.pk:
        raise ValidationError(
            _("The primary representative must work for the organisation."),
            code="other_organisation",
        )
    previous = organisation.primary_representative
    if person.role != Person.Role.REPRESENTATIVE:
        person.role = Person.Role.REPRESENTATIVE
        person.save(update_fields=["role", "updated_at"])
    organisation.primary_representative = person
    organisation.save(update_fields=["primary_representative", "updated_at"])
    audit_log(
        actor=actor,
        action="organisation.primary_representative_set",
        target=organisation,
        changes={"primary_representative": [str(previous or ""), str(person)]},
    )
    return organisation


@transaction.atomic
def person_invite(*, person: Person, actor: User | None) -> Invitation | None:
    """Give a person an account by e-mailed invitation and link it to their registry entry.

    Someone who already has an account is linked to it instead, and no invitation is sent. An
    account that belongs to another person of the registry is never taken from them.
    """
    from accounts.models import User

    existing = User.objects.filter(email__iexact=person.email).first()
    if existing is not None and Person.objects.filter(user=existing).exclude(pk=person.pk).exists():
        raise ValidationError(
            _("The account for %(email)s already belongs to another person in the registry."),
            params={"email": person.email},
            code="account_linked_elsewhere",
        )
    if existing is not None and existing.has_usable_password():
        if person.user_id != existing.pk:
            Person.objects.filter(pk=person.pk).update(user=existing)
            person.user = existing
            audit_log(
                actor=actor,
                action="person.linked_to_account",
                target=person,
                parent=person.organisation,
                changes={"email": existing.email},
            )
        return None
    invitation = invitation_send(
        email=person.email,
        invited_by=actor,
        first_name=person.first_name,
        last_name=person.last_name,
        language=person.language,
    )
    if person.user_id != invitation.user_id:
        Person.objects.filter(pk=person.pk).update(user=invitation.user)
        person.user = invitation.user
    audit_log(
        actor=actor,
        action="person.invited",
        target=person,
        parent=person.organisation,
        changes={"email": person.email},
    )
    return invitation


@transaction.atomic
def action_group_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    organisations: Iterable[Organisation],
    action_group: ActionGroup | None = None,
) -> ActionGroup:
    """Create an action group, or change one, with its member organisations."""
    created = action_group is None
    group = action_group or ActionGroup()

    def slug_give() -> None:
        if created:
            group.slug = slugify(data.get("name_pl") or data.get("name") or "group")[:140]

    audited_update(
        actor=actor,
        instance=group,
        data=data,
        fields=list(data),
        audit_action="action_group.created" if created else "action_group.updated",
        prepare=slug_give,
        related=lambda: group.organisations.set(organisations),
        log_unchanged=True,
    )
    return group


@transaction.atomic
def organisation_register(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    sectors: Iterable[Sector] = (),
    status: str = Status.APPLICANT,
    representative_data: Mapping[str, Any] | None = None,
    audit_action: str = "organisation.created",
    competences: Iterable[Competence] = (),
) -> Organisation:
    """Register an organisation from the cluster office: an applicant, or straight away an
    active member together with its primary representative (`representative_data`)."""
    if status not in (Status.APPLICANT, Status.ACTIVE):
        raise ValueError(f"An organisation is registered as applicant or active, not {status}.")
    if status == Status.ACTIVE and not representative_data:
        raise ValidationError(
            _("An active member needs a primary representative."),
            code="no_primary_representative",
        )
    # Saved as an applicant first: the representative needs the organisation to exist, and the
    # database accepts an active member only once it has its representative.
    organisation = Organisation(
        **_normalise_identifiers(_keywords_clean(data)), status=Status.APPLICANT
    )
    organisation.slug = unique_slug(Organisation, organisation.short_name or organisation.name)
    save_checked(organisation, unique_fields=ORGANISATION_UNIQUE_FIELDS)
    sectors, competences = list(sectors), list(competences)
    organisation.sectors.set(sectors)
    organisation.competences.set(competences)
    representative = None
    if representative_data:
        representative = Person(
            organisation=organisation, role=Person.Role.REPRESENTATIVE, **representative_data
        )
        try:
            save_checked(representative)
        except ValidationError as error:
            # Reported on the representative's fields, not on the organisation's own e-mail.
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {f"representative_{name}": errors for name, errors in error.error_dict.items()}
            ) from error
        organisation.primary_representative = representative
    today = timezone.localdate()
    organisation.status = status
    if status == Status.ACTIVE:
        organisation.joined_on = organisation.joined_on or today
    else:
        organisation.applied_on = organisation.applied_on or today
    organisation.save(
        update_fields=["status", "primary_representative", "joined_on", "applied_on", "updated_at"]
    )
    audit_log(
        actor=actor,
        action=audit_action,
        target=organisation,
        changes={
            **model_snapshot(organisation, ORGANISATION_FIELDS),
            "sectors": [str(sector) for sector in sectors],
            "competences": _names(competences),
            "status": status,
            "primary_representative": str(representative or ""),
        },
    )
    if representative is not None:
        audit_log(
            actor=actor,
            action="person.created",
            target=representative,
            parent=organisation,
            changes=model_snapshot(representative, PERSON_FIELDS),
        )
    MembershipChange.objects.create(organisation=organisation, to_status=status, actor=actor)
    return organisation


@transaction.atomic
def sector_save(
    *, actor: User | None, data: Mapping[str, Any], sector: Sector | None = None
) -> Sector:
    """Create a sector, or rename one; a sector without a slug gets one from its Polish name."""
    created = sector is None
    sector = Sector() if sector is None else Sector.objects.select_for_update().get(pk=sector.pk)
    instance = sector

    def slug_give() -> None:
        if not instance.slug:
            name = data.get("name_pl") or data.get("name") or ""
            instance.slug = unique_slug(Sector, name, max_length=90)

    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=list(data),
        audit_action="sector.created" if created else "sector.updated",
        prepare=slug_give,
        log_unchanged=created,
    )
    return instance


@transaction.atomic
def competence_save(
    *, actor: User | None, data: Mapping[str, Any], competence: Competence | None = None
) -> Competence:
    """Add a term to the competence vocabulary, or change one.

    A new term's slug comes from its Polish name and stays when the term is renamed, so links to a
    filtered directory keep working.
    """
    created = competence is None
    instance = (
        Competence()
        if competence is None
        else Competence.objects.select_for_update().get(pk=competence.pk)
    )

    def slug_give() -> None:
        if not instance.slug:
            name = data.get("name_pl") or data.get("name") or ""
            instance.slug = unique_slug(Competence, name)

    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=list(data),
        audit_action="competence.created" if created else "competence.updated",
        prepare=slug_give,
        log_unchanged=created,
    )
    return instance


@transaction.atomic
def competence_delete(*, competence: Competence, actor: User | None) -> int:
    """Remove a term from the vocabulary and from every organisation that named it; return how
    many organisations lost it. The audit entry keeps the term and those organisations."""
    competence = Competence.objects.select_for_update().get(pk=competence.pk)
    organisations = _names(Organisation.objects.filter(competences=competence))
    audit_log(
        actor=actor,
        action="competence.deleted",
        target=competence,
        changes={
            **model_snapshot(competence, ["kind", *_translated("name"), "slug"]),
            "organisations": organisations,
        },
    )
    competence.delete()
    return len(organisations)


def _translated(field: str) -> list[str]:
    return [f"{field}_{code}" for code, _name in settings.LANGUAGES]


def _council_seats_overlapping(
    *, term_start: datetime.date, term_end: datetime.date | None
) -> models.QuerySet[CouncilSeat]:
    seats = CouncilSeat.objects.filter(
        models.Q(term_end__isnull=True) | models.Q(term_end__gte=term_start)
    )
    if term_end is not None:
        seats = seats.filter(term_start__lte=term_end)
    return seats


@transaction.atomic
def council_seat_add(
    *,
    actor: User | None,
    person: Person,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    is_chair: bool = False,
) -> CouncilSeat:
    """Give a person from an active member a seat on the Cluster Council for a term."""
    person = Person.objects.select_related("organisation").get(pk=person.pk)
    if person.organisation.status != Status.ACTIVE:
        raise ValidationError(
            {"person": _("Council members come from active member organisations.")},
            code="not_a_member",
        )
    overlapping = _council_seats_overlapping(term_start=term_start, term_end=term_end)
    if overlapping.filter(person=person).exists():
        raise ValidationError(
            {"person": _("This person already holds a council seat in this period.")},
            code="seat_overlaps",
        )
    if is_chair and overlapping.filter(is_chair=True).exists():
        raise ValidationError(
            {"is_chair": _("The council already has a chair in this period.")},
            code="chair_taken",
        )
    seat = CouncilSeat(person=person, term_start=term_start, term_end=term_end, is_chair=is_chair)
    save_checked(seat)
    audit_log(
        actor=actor,
        action="council_seat.added",
        target=seat,
        parent=person.organisation,
        changes=model_snapshot(seat, ["person", "term_start", "term_end", "is_chair"]),
    )
    return seat


@transaction.atomic
def council_seat_end(
    *, seat: CouncilSeat, actor: User | None, term_end: datetime.date
) -> CouncilSeat:
    """End a council term on `term_end`."""
    seat = (
        CouncilSeat.objects.select_for_update()
        .select_related("person__organisation")
        .get(pk=seat.pk)
    )
    if seat.term_end is not None and seat.term_end < timezone.localdate():
        raise ValidationError(_("This term has already ended."), code="term_ended")
    if term_end < seat.term_start:
        raise ValidationError(
            {"term_end": _("A term cannot end before it starts.")}, code="end_before_start"
        )
    before = model_snapshot(seat, ["term_end"])
    seat.term_end = term_end
    seat.save(update_fields=["term_end"])
    audit_log(
        actor=actor,
        action="council_seat.ended",
        target=seat,
        parent=seat.person.organisation,
        changes=snapshot_diff(before, model_snapshot(seat, ["term_end"])),
    )
    return seat


@transaction.atomic
def council_chair_set(*, actor: User | None, person: Person, on: datetime.date) -> CouncilSeat:
    """Make `person`'s council seat in office on `on` the chair's, as the Council elected them.

    Any other seat holding the chair in the same period gives it up, so the council has one chair.
    """
    seat = (
        CouncilSeat.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .in_office(on=on)
        .filter(person=person)
        .first()
    )
    if seat is None:
        raise ValidationError(
            {"person": _("Only a council member in office can chair the Council.")},
            code="not_on_council",
        )
    others = (
        _council_seats_overlapping(term_start=seat.term_start, term_end=seat.term_end)
        .filter(is_chair=True)
        .exclude(pk=seat.pk)
        .select_related("person__organisation")
        .select_for_update(of=("self",))
    )
    for other in others:
        other.is_chair = False
        other.save(update_fields=["is_chair"])
        audit_log(
            actor=actor,
            action="council_seat.chair_ended",
            target=other,
            parent=other.person.organisation,
            changes={"is_chair": [True, False]},
        )
    if not seat.is_chair:
        seat.is_chair = True
        seat.save(update_fields=["is_chair"])
        audit_log(
            actor=actor,
            action="council_seat.chair_set",
            target=seat,
            parent=seat.person.organisation,
            changes={"is_chair": [False, True]},
        )
    return seat
