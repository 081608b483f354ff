"""Write the demo cluster through the registry's services, creating only what is missing.

Every record is found by its natural key first (an organisation by NIP, a person by e-mail within
the organisation, a user by e-mail, a sector or a competence by slug, an action group by its Polish
name, a council seat by person and term), so a second run writes nothing: no rows, no audit
entries, no e-mail. A member without competences gets the plan's (members seeded before the
vocabulary existed); one that names any is left alone.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User

from .. import services
from ..models import (
    ActionGroup,
    Competence,
    CouncilSeat,
    MembershipApplication,
    Organisation,
    Sector,
)
from ..public_forms import CONSENT_TEXT, DECLARATION_TEXT
from .data import COMPETENCES, SECTORS
from .plan import COORDINATOR_EMAIL, SUPERUSER_EMAIL, cluster_plan

DEMO_PASSWORD = "Klaster-Demo-2026"

Status = Organisation.Status


def _account(*, email, password_hash, first_name="", last_name="", language="pl", **flags):
    """Return the user with this e-mail, creating it with a verified address when missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            password=password_hash,
            first_name=first_name,
            last_name=last_name,
            language=language,
            **flags,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _sectors(*, actor):
    existing = {sector.slug: sector for sector in Sector.objects.all()}
    for spec in SECTORS:
        if spec.slug not in existing:
            existing[spec.slug] = services.sector_save(
                actor=actor,
                data={"slug": spec.slug}
                | {f"name_{code}": name for code, name in spec.names.items()},
            )
    return existing


def _competences(*, actor):
    existing = {competence.slug: competence for competence in Competence.objects.all()}
    for spec in COMPETENCES:
        if spec.slug not in existing:
            existing[spec.slug] = services.competence_save(
                actor=actor,
                data={"slug": spec.slug, "kind": spec.kind}
                | {f"name_{code}": name for code, name in spec.names.items()},
            )
    return existing


def _competences_given(plans, *, actor, organisations, competences):
    """Give the members registered before the vocabulary existed their terms; a member that
    names any term already is left as it is."""
    named = set(
        Organisation.competences.through.objects.filter(
            organisation__in=[organisation.pk for organisation in organisations.values()]
        ).values_list("organisation_id", flat=True)
    )
    for plan in plans:
        organisation = organisations[plan.key]
        if organisation.pk not in named and plan.competences:
            services.organisation_update(
                organisation=organisation,
                actor=actor,
                data={},
                competences=[competences[slug] for slug in plan.competences],
            )


def _application(organisation, plan):
    with translation.override(plan.application["language"]):
        declaration = str(DECLARATION_TEXT) % {"cluster": settings.CLUSTER_NAME}
        consent = str(CONSENT_TEXT) % {"cluster": settings.CLUSTER_NAME}
    MembershipApplication.objects.create(
        organisation=organisation,
        motivation=plan.application["motivation"],
        declaration_text=declaration,
        consent_text=consent,
        language=plan.application["language"],
    )


def _organisation(plan, *, actor, sectors, competences, accounts):
    """Register one member with its people and its membership history."""
    representative, *others = plan.people
    organisation = services.organisation_register(
        actor=actor,
        data=plan.fields,
        sectors=[sectors[slug] for slug in plan.sectors],
        competences=[competences[slug] for slug in plan.competences],
        status=Status.APPLICANT if plan.application else Status.ACTIVE,
        representative_data={
            **representative.fields,
            "user": accounts.get(representative.email),
        },
    )
    for person in others:
        services.person_create(
            organisation=organisation,
            actor=actor,
            data={**person.fields, "role": person.role, "user": accounts.get(person.email)},
        )
    if plan.application:
        _application(organisation, plan)
    if plan.status in {Status.SUSPENDED, Status.WITHDRAWN, Status.REJECTED}:
        organisation = services.organisation_change_status(
            organisation=organisation, actor=actor, status=plan.status, reason=plan.status_reason
        )
    if plan.status == Status.REJECTED:
        MembershipApplication.objects.filter(organisation=organisation).update(
            decided_at=timezone.now(), decided_by=actor, rejection_reason=plan.status_reason
        )
    return organisation


def _council(plan, *, actor, organisations):
    for seat in plan.council:
        organisation = organisations[seat.organisation]
        person = organisation.primary_representative
        if not CouncilSeat.objects.filter(person=person, term_start=seat.term_start).exists():
            services.council_seat_add(
                actor=actor,
                person=person,
                term_start=seat.term_start,
                term_end=seat.term_end,
                is_chair=seat.is_chair,
            )


def _action_groups(plan, *, actor, organisations):
    for group in plan.action_groups:
        if ActionGroup.objects.filter(name_pl=group.names["pl"]).exists():
            continue
        services.action_group_save(
            actor=actor,
            data={
                **{f"name_{code}": name for code, name in group.names.items()},
                **{f"description_{code}": text for code, text in group.descriptions.items()},
                "leader": organisations[group.leader].primary_representative,
            },
            organisations=[organisations[key] for key in group.organisations],
        )


def demo_seed(*, today=None):
    """Build the demo cluster, or complete it; return how many organisations were created."""
    plan = cluster_plan(today=today or timezone.localdate())
    # One hash for every demo account: they share the published demo password anyway.
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        coordinator = _account(
            email=COORDINATOR_EMAIL,
            password_hash=password_hash,
            first_name="Agnieszka",
            last_name="Wiśniewska",
            is_coordinator=True,
        )
        _account(
            email=SUPERUSER_EMAIL,
            password_hash=password_hash,
            first_name="Administrator",
            is_staff=True,
            is_superuser=True,
        )
        accounts = {
            person.email: _account(
                email=person.email,
                password_hash=password_hash,
                first_name=person.first_name,
                last_name=person.last_name,
                language=person.language,
            )
            for person in plan.people_with_accounts
        }
        sectors = _sectors(actor=coordinator)
        competences = _competences(actor=coordinator)
        existing = Organisation.objects.in_bulk(
            [organisation.nip for organisation in plan.organisations], field_name="nip"
        )
        organisations, created = {}, 0
        for organisation_plan in plan.organisations:
            organisation = existing.get(organisation_plan.nip)
            if organisation is None:
                organisation = _organisation(
                    organisation_plan,
                    actor=coordinator,
                    sectors=sectors,
                    competences=competences,
                    accounts=accounts,
                )
                created += 1
            organisations[organisation_plan.key] = organisation
        _competences_given(
            plan.organisations,
            actor=coordinator,
            organisations=organisations,
            competences=competences,
        )
        _council(plan, actor=coordinator, organisations=organisations)
        _action_groups(plan, actor=coordinator, organisations=organisations)
    return created
