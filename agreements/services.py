"""Writes to partners and agreements. Each function is one transaction and leaves an audit entry.

An agreement's status is never set by hand: `status_from_facts` derives it from what happened
(negotiation started, sent for signature, each party's signature, the end of validity,
termination), and every service that records a fact stores the status it derives.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, model_snapshot, snapshot_diff
from core.domain_events import AGREEMENT_IN_FORCE, domain_event_emit
from core.emails import email_queue
from core.pdf import pdf_render, sha256_hex
from core.services import audited_update, save_checked, unique_slug

from .models import (
    AGREEMENT_FIELDS,
    PARTNER_FIELDS,
    Agreement,
    AgreementArea,
    AgreementParty,
    CooperationArea,
    Partner,
)
from .validators import validate_pdf_upload

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Status = Agreement.Status
Signature = AgreementParty.Signature

PARTY_AUDITED_FIELDS = ["signatory_name", "signatory_position", "signature", "signature_date"]
# Parties may join or leave only while the text is still being agreed on.
OPEN_FOR_PARTIES = {Status.DRAFT, Status.IN_NEGOTIATION}
FINAL_STATUSES = {Status.EXPIRED, Status.TERMINATED}
EXPIRY_REMINDER_DAYS = 60


def status_from_facts(
    *, agreement: Agreement, signatures: Collection[str], today: datetime.date
) -> str:
    """Return the status that the recorded facts of an agreement mean on `today`."""
    if agreement.terminated_on is not None:
        return Status.TERMINATED
    if (
        agreement.sent_for_signature_on
        and signatures
        and all(s == Signature.SIGNED for s in signatures)
    ):
        if agreement.valid_until is not None and agreement.valid_until < today:
            return Status.EXPIRED
        return Status.IN_FORCE
    if agreement.sent_for_signature_on is not None:
        return Status.AWAITING_SIGNATURES
    if agreement.negotiation_started_on is not None:
        return Status.IN_NEGOTIATION
    return Status.DRAFT


def _signatures(agreement: Agreement) -> list[str]:
    return list(
        AgreementParty.objects.filter(agreement=agreement).values_list("signature", flat=True)
    )


def _refresh_status(agreement: Agreement, *, actor: User | None) -> Agreement:
    """Store the status the facts give; log the change when there is one."""
    previous = agreement.status
    agreement.status = status_from_facts(
        agreement=agreement, signatures=_signatures(agreement), today=timezone.localdate()
    )
    if agreement.status != previous:
        Agreement.objects.filter(pk=agreement.pk).update(
            status=agreement.status, updated_at=timezone.now()
        )
        audit_log(
            actor=actor,
            action="agreement.status_changed",
            target=agreement,
            changes={"status": [previous, agreement.status]},
        )
        if agreement.status == Status.IN_FORCE:
            domain_event_emit(
                kind=AGREEMENT_IN_FORCE,
                payload={
                    "agreement": {
                        "id": agreement.pk,
                        "title": agreement.title,
                        "kind": agreement.kind,
                        "valid_from": _iso(agreement.valid_from),
                        "valid_until": _iso(agreement.valid_until),
                    }
                },
            )
    return agreement


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require_status(
    agreement: Agreement, allowed: Collection[str], message: "StrOrPromise"
) -> None:
    if agreement.status not in allowed:
        raise ValidationError(
            message, params={"status": agreement.get_status_display()}, code="status"
        )


def _queue_document(agreement: Agreement) -> None:
    from .tasks import agreement_document_render as render_task

    transaction.on_commit(lambda: render_task.delay(agreement.pk))


def _delete_file_on_commit(storage: Storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Partners -----------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, actor: User | None, data: Mapping[str, Any]) -> Partner:
    """Record a partner organisation from validated field values."""
    partner = Partner(**data)
    partner.slug = unique_slug(Partner, partner.short_name or partner.name)
    save_checked(partner)
    audit_log(
        actor=actor,
        action="partner.created",
        target=partner,
        changes=model_snapshot(partner, PARTNER_FIELDS),
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, actor: User | None, data: Mapping[str, Any]) -> Partner:
    """Change a partner's data; record only what differs."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    changes = audited_update(
        actor=actor,
        instance=partner,
        data=data,
        fields=PARTNER_FIELDS,
        audit_action="partner.updated",
    )
    if changes:
        for agreement_id in partner.parties.values_list("agreement_id", flat=True):
            _queue_document(Agreement(pk=agreement_id))
    return partner


# --- Agreements ---------------------------------------------------------------------------------


def _set_areas(agreement: Agreement, areas: Iterable[str]) -> tuple[list[str], list[str]]:
    wanted = {CooperationArea(area) for area in areas}
    current = set(agreement.areas.values_list("area", flat=True))
    agreement.areas.exclude(area__in=wanted).delete()
    AgreementArea.objects.bulk_create(
        AgreementArea(agreement=agreement, area=area) for area in wanted - current
    )
    return sorted(current), sorted(wanted)


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    areas: Iterable[str] = (),
    partners: Iterable[Partner] = (),
    own_signatory: Mapping[str, Any] | None = None,
) -> Agreement:
    """Record a draft agreement between the cluster and `partners`, each signature pending."""
    agreement = Agreement(**data)
    save_checked(agreement)
    _set_areas(agreement, areas)
    own_signatory = own_signatory or {}
    AgreementParty.objects.create(agreement=agreement, partner=None, order=0, **own_signatory)
    partners = list(partners)
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, partner=partner, order=number)
        for number, partner in enumerate(partners, start=1)
    )
    audit_log(
        actor=actor,
        action="agreement.created",
        target=agreement,
        changes={
            **model_snapshot(agreement, AGREEMENT_FIELDS),
            "areas": sorted(areas),
            "parties": [settings.CLUSTER_NAME, *(partner.name for partner in partners)],
        },
    )
    _queue_document(agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    actor: User | None,
    data: Mapping[str, Any],
    areas: Iterable[str] | None = None,
) -> Agreement:
    """Change an agreement's terms. A changed end date may bring it back into force, or end it."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        set(Status) - {Status.TERMINATED},
        _("A terminated agreement cannot be changed."),
    )
    text_before, valid_until_before = agreement.text, agreement.valid_until

    def terms_check() -> None:
        if agreement.text != text_before and agreement.status not in OPEN_FOR_PARTIES:
            raise ValidationError(
                {
                    "text": _(
                        "The text can change only in draft or negotiation. Take the agreement "
                        "back to negotiation first, or record an annex as a new agreement."
                    )
                },
                code="text_frozen",
            )
        if agreement.valid_until != valid_until_before:
            # A new end date deserves its own reminder.
            agreement.expiry_reminder_sent_at = None

    def areas_set() -> dict[str, Any] | None:
        if areas is None:
            return None
        areas_before, areas_after = _set_areas(agreement, areas)
        return {"areas": [areas_before, areas_after]} if areas_before != areas_after else None

    changes = audited_update(
        actor=actor,
        instance=agreement,
        data=data,
        fields=AGREEMENT_FIELDS,
        audit_action="agreement.updated",
        prepare=terms_check,
        related=areas_set,
    )
    if changes:
        _queue_document(agreement)
    return _refresh_status(agreement, actor=actor)


@transaction.atomic
def agreement_negotiation_start(
    *, agreement: Agreement, actor: User | None, on: datetime.date | None = None
) -> Agreement:
    """Record that the parties have begun to negotiate the draft."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        {Status.DRAFT},
        _("Only a draft can go into negotiation; this agreement is “%(status)s”."),
    )
    agreement.negotiation_started_on = on or timezone.localdate()
    agreement.save(update_fields=["negotiation_started_on", "updated_at"])
    return _refresh_status(agreement, actor=actor)


@transaction.atomic
def agreement_send_for_signature(
    *, agreement: Agreement, actor: User | None, on: datetime.date | None = None
) -> Agreement:
    """Record that the final text went to the parties to sign."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        OPEN_FOR_PARTIES,
        _(
            "Only a draft or an agreement in negotiation can be sent for signature; "
            "this one is “%(status)s”."
        ),
    )
    if not agreement.parties.filter(partner__isnull=False).exists():
        raise ValidationError(
            _("Add at least one partner before sending the agreement for signature."),
            code="no_partner",
        )
    today = on or timezone.localdate()
    agreement.negotiation_started_on = agreement.negotiation_started_on or today
    agreement.sent_for_signature_on = today
    agreement.save(update_fields=["negotiation_started_on", "sent_for_signature_on", "updated_at"])
    return _refresh_status(agreement, actor=actor)


@transaction.atomic
def agreement_negotiation_reopen(*, agreement: Agreement, actor: User | None) -> Agreement:
    """Take an agreement back to the table: signatures given so far lapse, the text may change."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        {Status.AWAITING_SIGNATURES},
        _(
            "Only an agreement awaiting signatures can go back to negotiation; "
            "this one is “%(status)s”."
        ),
    )
    agreement.sent_for_signature_on = None
    agreement.save(update_fields=["sent_for_signature_on", "updated_at"])
    lapsed = list(agreement.parties.exclude(signature=Signature.PENDING).select_related("partner"))
    agreement.parties.update(signature=Signature.PENDING, signature_date=None)
    audit_log(
        actor=actor,
        action="agreement.negotiation_reopened",
        target=agreement,
        changes={"signatures_lapsed": [party.name for party in lapsed]},
    )
    _queue_document(agreement)
    return _refresh_status(agreement, actor=actor)


@transaction.atomic
def agreement_terminate(
    *, agreement: Agreement, actor: User | None, on: datetime.date, reason: str
) -> Agreement:
    """End an agreement before its time, or abandon one that never came into force."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        set(Status) - FINAL_STATUSES,
        _("An agreement that is “%(status)s” cannot be terminated."),
    )
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Give the reason for the termination.")}, code="no_reason"
        )
    if on is None:
        raise ValidationError({"on": _("Give the date of the termination.")}, code="no_date")
    previous = agreement.status
    agreement.terminated_on = on
    agreement.termination_reason = reason.strip()
    # Terminated and its date go together on one row (a check constraint), so both are set here.
    agreement.status = Status.TERMINATED
    agreement.save(update_fields=["terminated_on", "termination_reason", "status", "updated_at"])
    audit_log(
        actor=actor,
        action="agreement.terminated",
        target=agreement,
        changes={
            "status": [previous, agreement.status],
            "terminated_on": on,
            "reason": agreement.termination_reason,
        },
    )
    return agreement


@transaction.atomic
def agreement_scan_attach(
    *, agreement: Agreement, actor: User | None, upload: UploadedFile
) -> Agreement:
    """Store the scan of the signed agreement; a file that is not a PDF is refused, nothing kept."""
    validate_pdf_upload(upload)
    agreement = _locked(agreement)
    upload.seek(0)
    content = upload.read()
    previous = agreement.scan.name
    agreement.scan.save(f"agreement-{agreement.pk}-signed.pdf", ContentFile(content), save=False)
    agreement.scan_sha256 = sha256_hex(content)
    agreement.scan_uploaded_at = timezone.now()
    try:
        agreement.save(update_fields=["scan", "scan_sha256", "scan_uploaded_at", "updated_at"])
    except Exception:
        agreement.scan.storage.delete(agreement.scan.name)  # type: ignore[arg-type]  # just saved
        raise
    _delete_file_on_commit(agreement.scan.storage, previous)
    audit_log(
        actor=actor,
        action="agreement.scan_attached",
        target=agreement,
        changes={"file": upload.name, "sha256": agreement.scan_sha256, "size": len(content)},
    )
    return agreement


# --- Parties ------------------------------------------------------------------------------------


@transaction.atomic
def party_add(
    *,
    agreement: Agreement,
    actor: User | None,
    partner: Partner,
    signatory_name: str = "",
    signatory_position: str = "",
) -> AgreementParty:
    """Add a partner to an agreement still in draft or negotiation."""
    agreement = _locked(agreement)
    _require_status(
        agreement,
        OPEN_FOR_PARTIES,
        _(
            "Parties can be added only to a draft or an agreement in negotiation; "
            "this one is “%(status)s”."
        ),
    )
    if agreement.parties.filter(partner=partner).exists():
        raise ValidationError(
            {"partner": _("This partner is already a party to the agreement.")}, code="duplicate"
        )
    last = agreement.parties.order_by("-order").values_list("order", flat=True).first() or 0
    party = AgreementParty.objects.create(
        agreement=agreement,
        partner=partner,
        order=last + 1,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
    )
    audit_log(
        actor=actor,
        action="party.added",
        target=party,
        parent=agreement,
        changes=model_snapshot(party, ["partner", "signatory_name", "signatory_position"]),
    )
    _queue_document(agreement)
    return party


@transaction.atomic
def party_remove(*, party: AgreementParty, actor: User | None) -> Agreement:
    """Remove a partner from an agreement still in draft or negotiation."""
    agreement = _locked(party.agreement)
    party = AgreementParty.objects.select_related("partner").get(pk=party.pk)
    _require_status(
        agreement,
        OPEN_FOR_PARTIES,
        _(
            "Parties can be removed only from a draft or an agreement in negotiation; "
            "this one is “%(status)s”."
        ),
    )
    if party.is_own_cluster:
        raise ValidationError(_("The cluster itself is a party to every agreement."), code="own")
    audit_log(
        actor=actor,
        action="party.removed",
        target=party,
        parent=agreement,
        changes={"partner": party.name},
    )
    party.delete()
    _queue_document(agreement)
    return agreement


@transaction.atomic
def party_update(
    *, party: AgreementParty, actor: User | None, signatory_name: str, signatory_position: str
) -> AgreementParty:
    """Name who signs for a party, and in what capacity."""
    agreement = _locked(party.agreement)
    _require_status(
        agreement,
        set(Status) - FINAL_STATUSES,
        _("The parties of an agreement that is “%(status)s” cannot be changed."),
    )
    party = AgreementParty.objects.select_related("partner").get(pk=party.pk)
    before = model_snapshot(party, PARTY_AUDITED_FIELDS)
    party.signatory_name = signatory_name.strip()
    party.signatory_position = signatory_position.strip()
    party.save(update_fields=["signatory_name", "signatory_position"])
    changes = snapshot_diff(before, model_snapshot(party, PARTY_AUDITED_FIELDS))
    if changes:
        audit_log(
            actor=actor, action="party.updated", target=party, parent=agreement, changes=changes
        )
        _queue_document(agreement)
    return party


@transaction.atomic
def party_signature_record(
    *,
    party: AgreementParty,
    actor: User | None,
    signature: str,
    on: datetime.date | None = None,
    signatory_name: str | None = None,
    signatory_position: str | None = None,
) -> AgreementParty:
    """Record that a party signed (or declined to sign) on a date; the last signature brings the
    agreement into force."""
    # Agreement first, then its party: every service locks in that order.
    agreement = _locked(party.agreement)
    _require_status(
        agreement,
        {Status.AWAITING_SIGNATURES},
        _(
            "Signatures are recorded once the agreement is sent for signature; "
            "this one is “%(status)s”."
        ),
    )
    party = AgreementParty.objects.select_for_update().get(pk=party.pk, agreement=agreement)
    before = model_snapshot(party, PARTY_AUDITED_FIELDS)
    if signatory_name is not None:
        party.signatory_name = signatory_name.strip()
    if signatory_position is not None:
        party.signatory_position = signatory_position.strip()
    if signature != Signature.PENDING and on is None:
        raise ValidationError({"on": _("Give the date of the signature.")}, code="no_date")
    if on is not None and on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")}, code="future")
    if signature == Signature.SIGNED and not party.signatory_name:
        raise ValidationError(
            {"signatory_name": _("Name the person who signed for this party.")}, code="no_signatory"
        )
    party.signature = signature
    party.signature_date = None if signature == Signature.PENDING else on
    party.save(update_fields=PARTY_AUDITED_FIELDS)
    changes = snapshot_diff(before, model_snapshot(party, PARTY_AUDITED_FIELDS))
    if changes:
        audit_log(
            actor=actor,
            action="party.signature_recorded",
            target=party,
            parent=agreement,
            changes=changes,
        )
        _queue_document(agreement)
    _refresh_status(agreement, actor=actor)
    if agreement.status == Status.IN_FORCE and agreement.signed_on is None:
        # In force means every party signed, each on a recorded date.
        agreement.signed_on = max(
            agreement.parties.values_list("signature_date", flat=True),  # type: ignore[type-var]
            default=on,
        )
        agreement.save(update_fields=["signed_on", "updated_at"])
    return party


# --- Periodic work ------------------------------------------------------------------------------


def agreements_expire(*, today: datetime.date | None = None) -> int:
    """Mark agreements in force whose end date has passed as expired; return how many changed.

    Each agreement is claimed by a conditional UPDATE, so two runs at once, or a second run, change
    nothing twice.
    """
    today = today or timezone.localdate()
    expired = 0
    due = Agreement.objects.in_force().filter(valid_until__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            claimed = Agreement.objects.filter(
                pk=pk, status=Status.IN_FORCE, valid_until__lt=today
            ).update(status=Status.EXPIRED, updated_at=timezone.now())
            if claimed:
                agreement = Agreement.objects.get(pk=pk)
                audit_log(
                    actor=None,
                    action="agreement.status_changed",
                    target=agreement,
                    changes={"status": [Status.IN_FORCE, Status.EXPIRED]},
                )
                expired += 1
    return expired


def expiry_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell the coordinators, once per agreement, that it expires within 60 days."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=EXPIRY_REMINDER_DAYS)
    due = (
        Agreement.objects.in_force()
        .filter(
            valid_until__gte=today, valid_until__lte=horizon, expiry_reminder_sent_at__isnull=True
        )
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Agreement.objects.filter(pk=pk, expiry_reminder_sent_at__isnull=True).update(
                expiry_reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            agreement = Agreement.objects.prefetch_related("parties__partner").get(pk=pk)
            for coordinator in User.objects.filter(is_coordinator=True, is_active=True):
                email_queue(
                    to=coordinator.email,
                    template="agreements_expiry_reminder",
                    language=coordinator.language,
                    context={
                        "agreement": agreement,
                        "parties": list(agreement.parties.all()),
                        # Only agreements with an end date are reminded of.
                        "days_left": (agreement.valid_until - today).days,  # type: ignore[operator]
                    },
                )
            audit_log(
                actor=None,
                action="agreement.expiry_reminder_sent",
                target=agreement,
                changes={"valid_until": agreement.valid_until},
            )
            sent += 1
    return sent


def agreement_document_render(*, agreement_id: int) -> Agreement | None:
    """Render the agreement's text and parties as a PDF and store it; do nothing when it is gone."""
    from . import selectors

    agreement = selectors.agreement_for_document(pk=agreement_id)
    if agreement is None:
        return None
    content = pdf_render(
        template="pdf/agreements_agreement.html",
        context={"agreement": agreement, "parties": list(agreement.parties.all())},
        language=agreement.language,
    )
    digest = sha256_hex(content)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().filter(pk=agreement_id).first()
        if locked is None:
            return None
        if locked.document and locked.document_sha256 == digest:
            return locked
        previous = locked.document.name
        locked.document.save(f"agreement-{locked.pk}.pdf", ContentFile(content), save=False)
        locked.document_sha256 = digest
        locked.document_rendered_at = timezone.now()
        locked.save(update_fields=["document", "document_sha256", "document_rendered_at"])
        _delete_file_on_commit(locked.document.storage, previous)
    return locked
