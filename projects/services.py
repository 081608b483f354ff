"""Writes to the projects app: each keyword-only, typed, atomic and audit-logged.

Whenever what a plan item's register-fed indicator counts changes (a project's status or
co-financing, its partners, its links to plan items), the services ask resolutions to compute
those items' values again, in the same transaction.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, model_snapshot
from core.emails import email_queue
from core.services import audited_update, save_checked, unique_slug
from core.uploads import validate_document
from members.models import Organisation, Person
from resolutions.models import PlanItem
from resolutions.services import plan_items_indicator_refresh

from .models import (
    CallReminder,
    FundingCall,
    Project,
    ProjectDocument,
    ProjectIdea,
    ProjectPartner,
)

Status = Project.Status
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CALL_FIELDS = [
    "programme",
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "identifier",
    "url",
    *(f"description_{code}" for code in LANGUAGE_CODES),
    "opens_on",
    "deadline",
]
IDEA_FIELDS = ["title", "description", "call", "partners_sought", "estimated_budget"]
PROJECT_FIELDS = [
    "programme",
    "call",
    "acronym",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    *(f"summary_{code}" for code in LANGUAGE_CODES),
    "cluster_role",
    "status",
    "currency",
    "budget",
    "cofinancing",
    "starts_on",
    "ends_on",
    "submitted_on",
]
PARTNER_FIELDS = [
    "organisation",
    "outside_name",
    "outside_country",
    "role",
    "budget_share",
    "order",
]
# Days before a call's deadline when its reminder goes out.
CALL_REMINDER_DAYS = (14, 3)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# URL segments of the register a project's slug must not take.
RESERVED_SLUGS = ("ideas", "calls", "new")

# Where a project may go from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.IDEA: frozenset({Status.CONSORTIUM, Status.SUBMITTED}),
    Status.CONSORTIUM: frozenset({Status.IDEA, Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.GRANTED, Status.REJECTED, Status.CONSORTIUM}),
    Status.GRANTED: frozenset({Status.RUNNING, Status.CLOSED}),
    Status.REJECTED: frozenset({Status.CONSORTIUM, Status.SUBMITTED}),
    Status.RUNNING: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.RUNNING}),
}
# The statuses a project may be created in.
INITIAL_STATUSES = frozenset(Status)


def allowed_transitions(status: str) -> list[str]:
    """Return the statuses a project in `status` may move to, in the order of the choices."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [value for value in Status.values if value in allowed]


def _refresh_indicators(*, actor: User | None, item_ids: Iterable[int]) -> None:
    ids = set(item_ids)
    if ids:
        plan_items_indicator_refresh(actor=actor, item_ids=ids)


def _item_ids(project: Project) -> set[int]:
    return set(project.plan_items.values_list("pk", flat=True))


# --- Funding calls ------------------------------------------------------------------------------


@transaction.atomic
def funding_call_save(
    *, actor: User | None, data: Mapping[str, Any], call: FundingCall | None = None
) -> FundingCall:
    """Record a funding call, or change one; a moved deadline may be reminded of again."""
    instance = (
        FundingCall() if call is None else FundingCall.objects.select_for_update().get(pk=call.pk)
    )
    deadline_before = instance.deadline if call is not None else None
    changes = audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=CALL_FIELDS,
        audit_action="funding_call.created" if call is None else "funding_call.updated",
    )
    if call is not None and "deadline" in changes and instance.deadline != deadline_before:
        # Reminders count down to the new deadline.
        CallReminder.objects.filter(call=instance).delete()
    return instance


@transaction.atomic
def funding_call_delete(*, actor: User | None, call: FundingCall) -> None:
    """Remove a call; the ideas and projects that named it keep their other data."""
    audit_log(
        actor=actor,
        action="funding_call.deleted",
        target=call,
        changes=model_snapshot(call, ["programme", "name", "deadline"]),
    )
    call.delete()


# --- Ideas --------------------------------------------------------------------------------------


@transaction.atomic
def project_idea_submit(
    *, actor: User | None, person: Person, data: Mapping[str, Any]
) -> ProjectIdea:
    """Record a project idea that `person`, of an active member, puts forward for it."""
    if person.organisation.status != Organisation.Status.ACTIVE:
        raise ValidationError(
            _("Only people of active member organisations submit project ideas."),
            code="not_a_member",
        )
    idea = ProjectIdea(organisation=person.organisation, submitted_by=person, **data)
    save_checked(idea)
    audit_log(
        actor=actor,
        action="project_idea.submitted",
        target=idea,
        parent=person.organisation,
        changes=model_snapshot(idea, IDEA_FIELDS),
    )
    return idea


def _locked_idea(idea: ProjectIdea) -> ProjectIdea:
    idea = ProjectIdea.objects.select_for_update().select_related("organisation").get(pk=idea.pk)
    if idea.status != ProjectIdea.Status.SUBMITTED:
        raise ValidationError(
            _("This idea has already been decided on."),
            code="idea_decided",
        )
    return idea


@transaction.atomic
def project_idea_decline(*, actor: User | None, idea: ProjectIdea, note: str) -> ProjectIdea:
    """Decline an idea with a note the organisation reads with it."""
    idea = _locked_idea(idea)
    if not note.strip():
        raise ValidationError({"note": _("Tell the organisation why.")}, code="note_required")
    idea.status = ProjectIdea.Status.DECLINED
    idea.decision_note = note.strip()
    idea.save(update_fields=["status", "decision_note", "updated_at"])
    audit_log(
        actor=actor,
        action="project_idea.declined",
        target=idea,
        parent=idea.organisation,
        changes={"status": ["submitted", "declined"], "decision_note": idea.decision_note},
    )
    return idea


@transaction.atomic
def project_idea_to_project(
    *,
    actor: User | None,
    idea: ProjectIdea,
    data: Mapping[str, Any],
    plan_items: Iterable[PlanItem] = (),
) -> Project:
    """Turn an idea into a project (an idea or building its consortium), its author a partner.

    `data` holds the project's fields; what it leaves out is taken from the idea (title, summary,
    call, programme, budget).
    """
    idea = _locked_idea(idea)
    values: dict[str, Any] = {
        "title_pl": idea.title,
        "summary_pl": idea.description,
        "call": idea.call,
        "programme": idea.call.programme if idea.call is not None else "",
        "budget": idea.estimated_budget,
        "status": Status.IDEA,
        "cluster_role": Project.ClusterRole.SUPPORT,
        **{name: value for name, value in data.items() if value not in (None, "")},
    }
    if values["status"] not in (Status.IDEA, Status.CONSORTIUM):
        raise ValidationError(
            {"status": _("A project made from an idea is an idea or builds its consortium.")},
            code="idea_status",
        )
    project = project_create(actor=actor, data=values, plan_items=plan_items, idea=idea)
    project_partner_add(
        actor=actor,
        project=project,
        data={"organisation": idea.organisation, "role": ProjectPartner.Role.PARTNER},
    )
    idea.status = ProjectIdea.Status.ACCEPTED
    idea.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="project_idea.accepted",
        target=idea,
        parent=idea.organisation,
        changes={"status": ["submitted", "accepted"], "project": project.acronym},
    )
    return project


# --- Projects -----------------------------------------------------------------------------------


def _dates_check(project: Project) -> None:
    if project.status in (Status.RUNNING, Status.CLOSED) and project.starts_on is None:
        raise ValidationError(
            {"starts_on": _("A running or closed project has a start date.")},
            code="start_required",
        )


@transaction.atomic
def project_create(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    plan_items: Iterable[PlanItem] = (),
    idea: ProjectIdea | None = None,
) -> Project:
    """Record a project in any status, linked to the plan items it serves."""
    project = Project(idea=idea)
    items = list(plan_items)

    def prepare() -> None:
        if project.status not in INITIAL_STATUSES:
            raise ValidationError({"status": _("Choose a status.")}, code="status")
        project.slug = unique_slug(Project, project.acronym, reserved=RESERVED_SLUGS)

    def related() -> dict[str, Any]:
        project.plan_items.set(items)
        return {"plan_items": sorted(item.pk for item in items)} if items else {}

    audited_update(
        actor=actor,
        instance=project,
        data=data,
        fields=PROJECT_FIELDS,
        audit_action="project.created",
        prepare=prepare,
        check=lambda: _dates_check(project),
        unique_fields=["slug"],
        related=related,
    )
    _refresh_indicators(actor=actor, item_ids=(item.pk for item in items))
    return project


@transaction.atomic
def project_update(
    *,
    actor: User | None,
    project: Project,
    data: Mapping[str, Any],
    plan_items: Iterable[PlanItem] | None = None,
) -> Project:
    """Change a project's data (not its status: see `project_status_change`) and its plan links."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if "status" in data and data["status"] != project.status:
        raise ValidationError(
            {"status": _("Change the status with its own action.")}, code="status"
        )
    items_before = _item_ids(project)
    items_after = items_before if plan_items is None else {item.pk for item in plan_items}

    def related() -> dict[str, Any] | None:
        if items_after == items_before:
            return None
        project.plan_items.set(list(items_after))
        return {"plan_items": [sorted(items_before), sorted(items_after)]}

    changes = audited_update(
        actor=actor,
        instance=project,
        data={name: value for name, value in data.items() if name != "status"},
        fields=PROJECT_FIELDS,
        audit_action="project.updated",
        check=lambda: _dates_check(project),
        related=related,
    )
    if changes:
        _refresh_indicators(actor=actor, item_ids=items_before | items_after)
    return project


@transaction.atomic
def project_status_change(
    *,
    actor: User | None,
    project: Project,
    status: str,
    on: datetime.date | None = None,
) -> Project:
    """Move a project to `status` if the step is allowed; a submission records its date."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    previous = project.status
    if status not in TRANSITIONS.get(previous, frozenset()):
        raise ValidationError(
            _("A project “%(before)s” cannot become “%(after)s”."),
            params={
                "before": project.get_status_display(),
                "after": dict(Status.choices).get(status, status),
            },
            code="transition",
        )
    project.status = status
    update_fields = ["status", "updated_at"]
    if status == Status.SUBMITTED and project.submitted_on is None:
        project.submitted_on = on or timezone.localdate()
        update_fields.append("submitted_on")
    if status == Status.RUNNING and project.starts_on is None:
        project.starts_on = on or timezone.localdate()
        update_fields.append("starts_on")
    save_checked(project)
    audit_log(
        actor=actor,
        action="project.status_changed",
        target=project,
        changes={"status": [previous, status]},
    )
    _refresh_indicators(actor=actor, item_ids=_item_ids(project))
    return project


# --- Partners -----------------------------------------------------------------------------------


def _partner_check(partner: ProjectPartner) -> None:
    if partner.role == ProjectPartner.Role.LEAD:
        others = ProjectPartner.objects.filter(
            project_id=partner.project_id, role=ProjectPartner.Role.LEAD
        ).exclude(pk=partner.pk)
        if others.exists():
            raise ValidationError(
                {"role": _("The project already has a lead partner.")}, code="one_lead"
            )
    if partner.organisation_id is not None:
        partner.outside_country = ""
    if partner.organisation_id is None and not partner.outside_country:
        raise ValidationError(
            {"outside_country": _("Give the outside organisation's country.")},
            code="country_required",
        )


@transaction.atomic
def project_partner_add(
    *, actor: User | None, project: Project, data: Mapping[str, Any]
) -> ProjectPartner:
    """Add a member organisation or an outside one to a project's consortium."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    values = {"order": project.partners.count(), **data}
    partner = ProjectPartner(project=project)
    audited_update(
        actor=actor,
        instance=partner,
        data=values,
        fields=PARTNER_FIELDS,
        audit_action="project_partner.added",
        parent=project,
        prepare=lambda: _partner_check(partner),
    )
    _refresh_indicators(actor=actor, item_ids=_item_ids(project))
    return partner


@transaction.atomic
def project_partner_update(
    *, actor: User | None, partner: ProjectPartner, data: Mapping[str, Any]
) -> ProjectPartner:
    project = Project.objects.select_for_update().get(pk=partner.project_id)
    partner = ProjectPartner.objects.get(pk=partner.pk)
    changes = audited_update(
        actor=actor,
        instance=partner,
        data=data,
        fields=PARTNER_FIELDS,
        audit_action="project_partner.updated",
        parent=project,
        prepare=lambda: _partner_check(partner),
    )
    if changes:
        _refresh_indicators(actor=actor, item_ids=_item_ids(project))
    return partner


@transaction.atomic
def project_partner_remove(*, actor: User | None, partner: ProjectPartner) -> None:
    project = Project.objects.select_for_update().get(pk=partner.project_id)
    audit_log(
        actor=actor,
        action="project_partner.removed",
        target=partner,
        parent=project,
        changes=model_snapshot(partner, PARTNER_FIELDS),
    )
    partner.delete()
    _refresh_indicators(actor=actor, item_ids=_item_ids(project))


# --- Documents ----------------------------------------------------------------------------------


@transaction.atomic
def project_document_upload(
    *, actor: User | None, project: Project, title: str, upload: UploadedFile
) -> ProjectDocument:
    """Keep a document of the project in private storage, checked by its content."""
    validate_document(upload, max_bytes=DOCUMENT_MAX_BYTES)
    document = ProjectDocument(project=project, title=title, uploaded_by=actor)
    document.file.save(upload.name or "document", upload, save=False)
    try:
        save_checked(document)
    except ValidationError:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    audit_log(
        actor=actor,
        action="project_document.uploaded",
        target=document,
        parent=project,
        changes={"title": title, "file": upload.name},
    )
    return document


@transaction.atomic
def project_document_delete(*, actor: User | None, document: ProjectDocument) -> None:
    name = document.file.name
    storage = document.file.storage
    audit_log(
        actor=actor,
        action="project_document.deleted",
        target=document,
        parent=document.project,
        changes={"title": document.title},
    )
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Reminders ----------------------------------------------------------------------------------


def _reminder_recipients(call: FundingCall) -> list[tuple[str, str, str]]:
    """(e-mail, language, name) of the coordinators and the people of the organisations that
    have an idea or a project for the call, each address once."""
    recipients: dict[str, tuple[str, str, str]] = {}
    for user in User.objects.filter(is_coordinator=True, is_active=True).order_by("pk"):
        if user.email:
            recipients.setdefault(user.email.lower(), (user.email, user.language, ""))
    organisation_ids = set(
        call.ideas.exclude(status=ProjectIdea.Status.DECLINED).values_list(
            "organisation_id", flat=True
        )
    ) | set(
        ProjectPartner.objects.filter(project__call=call, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    people = Person.objects.filter(
        organisation_id__in=organisation_ids,
        organisation__status=Organisation.Status.ACTIVE,
    ).order_by("pk")
    for person in people:
        recipients.setdefault(
            person.email.lower(), (person.email, person.language, person.full_name)
        )
    return list(recipients.values())


def call_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind of each call's deadline 14 and 3 days before it, once per call and threshold.

    The CallReminder row and the e-mails are written in one transaction: a worker that dies
    leaves neither, and a second run finds the row and sends nothing.
    """
    now = now or timezone.now()
    sent = 0
    for days in sorted(CALL_REMINDER_DAYS):
        due = (
            FundingCall.objects.filter(
                deadline__gt=now, deadline__lte=now + datetime.timedelta(days=days)
            )
            .exclude(reminders__days_before__lte=days)
            .values_list("pk", flat=True)
        )
        for pk in list(due):
            sent += _call_reminder_send(call_id=pk, days_before=days, now=now)
    return sent


@transaction.atomic
def _call_reminder_send(*, call_id: int, days_before: int, now: datetime.datetime) -> int:
    call = FundingCall.objects.select_for_update().filter(pk=call_id).first()
    if call is None or call.reminders.filter(days_before__lte=days_before).exists():
        return 0
    CallReminder.objects.create(call=call, days_before=days_before)
    local_deadline = timezone.localtime(call.deadline)
    days_left = (local_deadline.date() - timezone.localtime(now).date()).days
    for email, language, name in _reminder_recipients(call):
        email_queue(
            to=email,
            template="projects_call_reminder",
            language=language,
            context={
                "call": call,
                "deadline": local_deadline,
                "days_left": days_left,
                "name": name,
            },
        )
    audit_log(
        actor=None,
        action="funding_call.reminder_sent",
        target=call,
        changes={"days_before": days_before},
    )
    return 1
