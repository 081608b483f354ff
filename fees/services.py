"""Writes to the fees app: each keyword-only, typed, atomic and audit-logged.

Sections: billing (the billing profile, schedules, billing runs, numbering, documents and their
corrections, PDFs and KSeF XML), then payments, statements, reminders and arrears below their own
heading.

Numbering is gap-free per series and year: a document takes its number from its series' row of
`DocumentSequence`, locked with `select_for_update` as late as possible in the transaction that
creates the document, so that a document that is not created (an error, a killed worker) takes no
number, and two documents created at once wait for each other's number instead of sharing it.
"""

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, model_snapshot
from core.pdf import pdf_render, sha256_hex
from core.services import audited_update
from members.models import Organisation

from . import ksef
from .amounts import ZERO, money, pro_rata_amount, pro_rata_periods, vat_of
from .models import (
    BillingProfile,
    BillingRun,
    BillingRunItem,
    DocumentKind,
    DocumentSequence,
    FeeDocument,
    FeeDocumentLine,
    FeeSchedule,
)

logger = logging.getLogger(__name__)

# --- Billing: profile and schedules ------------------------------------------------------------

BILLING_PROFILE_FIELDS = [
    "name",
    "street",
    "postal_code",
    "city",
    "country",
    "nip",
    "bank_account",
    "bank_name",
    "email",
    "invoice_prefix",
    "debit_note_prefix",
    "correction_prefix",
    "debit_note_correction_prefix",
    "ksef_enabled",
]
FEE_SCHEDULE_FIELDS = [
    "year",
    "category",
    "name_pl",
    "name_en",
    "name_de",
    "name_fr",
    "name_ru",
    "amount",
    "currency",
    "document_kind",
    "vat_rate",
    "vat_exemption_basis",
    "due_days",
    "pro_rata",
]


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def billing_profile_save(*, data: Mapping[str, Any], actor: User) -> BillingProfile:
    """Create or change the one billing profile (the seller on every document)."""
    unknown = set(data) - set(BILLING_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"fields the billing profile's form may not set: {sorted(unknown)}")
    with transaction.atomic():
        profile = BillingProfile.objects.select_for_update().order_by("pk").first()
        prefixes = [
            data.get(name) or getattr(profile, name, "")
            for name in (
                "invoice_prefix",
                "debit_note_prefix",
                "correction_prefix",
                "debit_note_correction_prefix",
            )
        ]
        if len(set(prefixes)) != len(prefixes):
            raise ValidationError(
                {"invoice_prefix": _("Each kind of document needs a series of its own.")},
                code="series",
            )
        audited_update(
            actor=actor,
            instance=profile or BillingProfile(),
            data=data,
            fields=BILLING_PROFILE_FIELDS,
            audit_action="fees.billing_profile_changed",
        )
    return profile or BillingProfile.objects.get()


def _check_schedule(schedule: FeeSchedule) -> None:
    if schedule.document_kind == DocumentKind.DEBIT_NOTE:
        schedule.vat_rate = None
        schedule.vat_exemption_basis = ""
        return
    if schedule.vat_rate is None and not schedule.vat_exemption_basis.strip():
        raise ValidationError(
            {"vat_exemption_basis": _("An invoice exempt from VAT must name the legal basis.")},
            code="exemption_basis",
        )
    if schedule.vat_rate is not None:
        schedule.vat_exemption_basis = ""
        if schedule.vat_rate.normalize() not in {rate.normalize() for rate in ksef.SUPPORTED_RATES}:
            raise ValidationError(
                {"vat_rate": _("Choose a VAT rate that Polish invoices use.")}, code="vat_rate"
            )


def fee_schedule_save(
    *, schedule: FeeSchedule | None, data: Mapping[str, Any], actor: User
) -> FeeSchedule:
    """Create or change one category's fee for a year; issued documents keep their amounts."""
    unknown = set(data) - set(FEE_SCHEDULE_FIELDS)
    if unknown:
        raise ValueError(f"fields a fee schedule's form may not set: {sorted(unknown)}")
    instance = schedule or FeeSchedule()
    with transaction.atomic():
        audited_update(
            actor=actor,
            instance=instance,
            data=data,
            fields=FEE_SCHEDULE_FIELDS,
            audit_action="fees.schedule_created" if schedule is None else "fees.schedule_changed",
            prepare=lambda: _check_schedule(instance),
            unique_fields=["fee_schedule_one_per_year_and_category"],
        )
    return instance


# --- Billing: runs -----------------------------------------------------------------------------


def _billed_in(year: int) -> "Any":
    """Ids of organisations that already have a fee document for `year` (corrections aside)."""
    return FeeDocument.objects.filter(
        schedule__year=year, corrects__isnull=True, billing_run__isnull=False
    ).values("organisation_id")


@dataclass(frozen=True)
class PlannedItem:
    organisation: Organisation
    schedule: FeeSchedule
    periods: int
    periods_in_year: int
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def billing_plan(*, year: int) -> tuple[list[PlannedItem], list[Organisation]]:
    """Who would get what for `year`: (planned items, active members without a schedule).

    Active members are billed by their category's schedule, pro rata when they joined during the
    year and the schedule says so; members already billed for the year by an earlier run are
    left out, so a later run bills only those who joined since.
    """
    schedules = {schedule.category: schedule for schedule in FeeSchedule.objects.filter(year=year)}
    members = (
        Organisation.objects.filter(status=Organisation.Status.ACTIVE)
        .exclude(pk__in=_billed_in(year))
        .order_by("name", "pk")
    )
    planned: list[PlannedItem] = []
    unscheduled: list[Organisation] = []
    for organisation in members.iterator(chunk_size=1000):
        schedule = schedules.get(organisation.kind)
        if schedule is None:
            unscheduled.append(organisation)
            continue
        share = pro_rata_periods(
            pro_rata=schedule.pro_rata, year=year, joined_on=organisation.joined_on
        )
        if share is None:
            continue
        periods, per_year = share
        net = pro_rata_amount(schedule.amount, periods, per_year)
        planned.append(
            PlannedItem(
                organisation=organisation,
                schedule=schedule,
                periods=periods,
                periods_in_year=per_year,
                net=net,
                vat=vat_of(net, schedule.vat_rate),
            )
        )
    return planned, unscheduled


def _profile_or_refuse() -> BillingProfile:
    profile = BillingProfile.objects.order_by("pk").first()
    if profile is None or not (profile.name and profile.nip and profile.bank_account):
        raise _refuse(
            _("Fill in the billing profile (the seller's data and bank account) first."),
            "no_profile",
        )
    return profile


def billing_run_preview(*, year: int, issue_date: datetime.date, actor: User) -> BillingRun:
    """Plan a year's run for the coordinator to check (replacing the year's earlier preview)."""
    _profile_or_refuse()
    with transaction.atomic():
        open_runs = BillingRun.objects.select_for_update().filter(
            year=year,
            status__in=[
                BillingRun.Status.PREVIEW,
                BillingRun.Status.CONFIRMED,
                BillingRun.Status.RUNNING,
            ],
        )
        for run in open_runs:
            if run.status != BillingRun.Status.PREVIEW:
                raise _refuse(
                    _("A billing run for %(year)s is being issued; wait until it is done.")
                    % {"year": year},
                    "run_open",
                )
            audit_log(actor=actor, action="fees.billing_run_discarded", target=run)
            run.delete()
        planned, _unscheduled = billing_plan(year=year)
        if not planned:
            raise _refuse(
                _(
                    "Nobody is left to bill for %(year)s: every active member with a fee "
                    "schedule has its document."
                )
                % {"year": year},
                "nothing_to_bill",
            )
        run = BillingRun.objects.create(
            year=year,
            issue_date=issue_date,
            created_by=actor,
            planned_count=len(planned),
            net_total=sum((item.net for item in planned), ZERO),
            vat_total=sum((item.vat for item in planned), ZERO),
            gross_total=sum((item.gross for item in planned), ZERO),
        )
        BillingRunItem.objects.bulk_create(
            [
                BillingRunItem(
                    run=run,
                    organisation=item.organisation,
                    schedule=item.schedule,
                    periods=item.periods,
                    periods_in_year=item.periods_in_year,
                    net=item.net,
                    vat=item.vat,
                    gross=item.gross,
                )
                for item in planned
            ],
            batch_size=1000,
        )
        audit_log(
            actor=actor,
            action="fees.billing_run_previewed",
            target=run,
            changes=model_snapshot(run, ["year", "issue_date", "planned_count", "gross_total"]),
        )
    return run


def billing_run_discard(*, run: BillingRun, actor: User) -> None:
    """Throw away a preview that was not confirmed."""
    with transaction.atomic():
        locked = BillingRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != BillingRun.Status.PREVIEW:
            raise _refuse(_("Only a preview can be discarded."), "not_preview")
        audit_log(actor=actor, action="fees.billing_run_discarded", target=locked)
        locked.delete()


def billing_run_confirm(*, run: BillingRun, actor: User) -> BillingRun:
    """Confirm a preview: the documents are issued by a background task, started on commit."""
    from .tasks import billing_run_issue as issue_task

    with transaction.atomic():
        locked = BillingRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != BillingRun.Status.PREVIEW:
            raise _refuse(_("This run was already confirmed."), "not_preview")
        _profile_or_refuse()
        locked.status = BillingRun.Status.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
        audit_log(
            actor=actor,
            action="fees.billing_run_confirmed",
            target=locked,
            changes={"planned_count": locked.planned_count},
        )
        transaction.on_commit(lambda: issue_task.delay(locked.pk))
    return locked


def billing_run_resume(*, run: BillingRun, actor: User) -> BillingRun:
    """Issue the rest of a run that failed or stopped (its issued documents stay as they are)."""
    from .tasks import billing_run_issue as issue_task

    with transaction.atomic():
        locked = BillingRun.objects.select_for_update().get(pk=run.pk)
        if locked.status not in (BillingRun.Status.FAILED, BillingRun.Status.RUNNING):
            raise _refuse(_("Only a stopped run can be resumed."), "not_stopped")
        locked.status = BillingRun.Status.CONFIRMED
        locked.error = ""
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "error", "updated_at"])
        except IntegrityError as error:
            raise _refuse(
                _("Another billing run of this year is open; finish or discard it first."),
                "run_open",
            ) from error
        audit_log(actor=actor, action="fees.billing_run_resumed", target=locked)
        transaction.on_commit(lambda: issue_task.delay(locked.pk))
    return locked


def _claim_run(run_id: int) -> BillingRun | None:
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (
            BillingRun.Status.CONFIRMED,
            BillingRun.Status.RUNNING,
        ):
            return None
        if run.status == BillingRun.Status.CONFIRMED:
            run.status = BillingRun.Status.RUNNING
            run.save(update_fields=["status", "updated_at"])
    return run


def _issue_run_item(run: BillingRun, item_id: int, profile: BillingProfile) -> FeeDocument | None:
    """Issue one item's document in its own short transaction; None when it is not ours to do.

    The item's row is locked with SKIP LOCKED, so two tasks of one run never work on the same
    member; the unique constraint (billing_run, organisation) is the last guard.
    """
    with transaction.atomic():
        item = (
            BillingRunItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("organisation__primary_representative", "schedule")
            .filter(pk=item_id)
            .first()
        )
        if item is None:
            return None
        if FeeDocument.objects.filter(
            billing_run=run, organisation_id=item.organisation_id, corrects__isnull=True
        ).exists():
            return None
        schedule = item.schedule
        description = getattr(schedule, "name_pl", "") or schedule.name
        if item.periods != item.periods_in_year:
            # Translators: not translated: documents are in Polish; kept here for clarity.
            unit = "mies." if item.periods_in_year == 12 else "kw."
            description = f"{description} ({item.periods}/{item.periods_in_year} {unit})"
        representative = item.organisation.primary_representative
        return _document_create(
            kind=DocumentKind(schedule.document_kind),
            organisation=item.organisation,
            profile=profile,
            issue_date=run.issue_date,
            due_days=schedule.due_days,
            currency=schedule.currency,
            vat_exemption_basis=schedule.vat_exemption_basis,
            language=representative.language if representative else "pl",
            lines=[(description, item.net, schedule.vat_rate, item.vat)],
            billing_run=run,
            schedule=schedule,
            actor=run.confirmed_by,
        )


def _take_number(series: str, year: int) -> int:
    """Take the next number of a series and year; the row stays locked until the commit."""
    DocumentSequence.objects.get_or_create(series=series, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(series=series, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def document_number(series: str, year: int, sequence: int) -> str:
    return f"{series}/{year}/{sequence:04d}"


def _document_create(
    *,
    kind: DocumentKind,
    organisation: Organisation,
    profile: BillingProfile,
    issue_date: datetime.date,
    due_days: int,
    currency: str,
    vat_exemption_basis: str,
    language: str,
    lines: Sequence[tuple[str, Decimal, Decimal | None, Decimal]],
    actor: User | None,
    billing_run: BillingRun | None = None,
    schedule: FeeSchedule | None = None,
    corrects: FeeDocument | None = None,
    correction_reason: str = "",
    positions: Sequence[int] | None = None,
) -> FeeDocument:
    """Create a numbered document with its lines (the caller's transaction); queue its files."""
    from .tasks import fee_document_render

    if corrects is not None:
        series = (
            profile.correction_prefix
            if corrects.kind == DocumentKind.INVOICE
            else profile.debit_note_correction_prefix
        )
    elif kind == DocumentKind.INVOICE:
        series = profile.invoice_prefix
    else:
        series = profile.debit_note_prefix
    net_total = sum((net for _d, net, _r, _v in lines), ZERO)
    vat_total = sum((vat for _d, _n, _r, vat in lines), ZERO)
    is_vat = (corrects.kind if corrects is not None else kind) == DocumentKind.INVOICE
    document = FeeDocument(
        kind=kind,
        series=series,
        year=issue_date.year,
        organisation=organisation,
        billing_run=billing_run,
        schedule=schedule if corrects is None else corrects.schedule,
        corrects=corrects,
        correction_reason=correction_reason,
        buyer_name=corrects.buyer_name if corrects else organisation.name,
        buyer_street=corrects.buyer_street if corrects else organisation.street,
        buyer_postal_code=corrects.buyer_postal_code if corrects else organisation.postal_code,
        buyer_city=corrects.buyer_city if corrects else organisation.city,
        buyer_country=corrects.buyer_country if corrects else "PL",
        buyer_nip=corrects.buyer_nip if corrects else organisation.nip,
        seller_name=profile.name,
        seller_street=profile.street,
        seller_postal_code=profile.postal_code,
        seller_city=profile.city,
        seller_country=profile.country,
        seller_nip=profile.nip,
        seller_bank_account=profile.bank_account,
        vat_exemption_basis=vat_exemption_basis,
        issue_date=issue_date,
        sale_date=corrects.sale_date if corrects else issue_date,
        due_date=issue_date + datetime.timedelta(days=due_days),
        currency=currency,
        net_total=net_total,
        vat_total=vat_total,
        gross_total=net_total + vat_total,
        language=language,
        ksef_status=(
            FeeDocument.KsefStatus.PENDING if is_vat else FeeDocument.KsefStatus.NOT_APPLICABLE
        ),
        created_by=actor,
    )
    # The number last: the sequence's row is locked from here to the commit.
    document.sequence = _take_number(series, document.year)
    document.number = document_number(series, document.year, document.sequence)
    document.save()
    FeeDocumentLine.objects.bulk_create(
        [
            FeeDocumentLine(
                document=document,
                position=positions[index] if positions else index + 1,
                description=description,
                quantity=Decimal("1"),
                unit_net=net,
                vat_rate=rate,
                net=net,
                vat=vat,
                gross=net + vat,
            )
            for index, (description, net, rate, vat) in enumerate(lines)
        ]
    )
    audit_log(
        actor=actor,
        action="fees.document_corrected" if corrects else "fees.document_issued",
        target=document,
        parent=organisation,
        changes={
            "number": document.number,
            "gross_total": document.gross_total,
            **({"corrects": corrects.number} if corrects else {}),
        },
    )
    transaction.on_commit(lambda: fee_document_render.delay(document.pk))
    return document


def _remaining_items(run: BillingRun) -> "Any":
    issued = FeeDocument.objects.filter(billing_run=run, corrects__isnull=True).values(
        "organisation_id"
    )
    return BillingRunItem.objects.filter(run=run).exclude(organisation_id__in=issued)


def _run_progress_save(run: BillingRun) -> int:
    issued = FeeDocument.objects.filter(billing_run=run, corrects__isnull=True).count()
    BillingRun.objects.filter(pk=run.pk).update(issued_count=issued, updated_at=timezone.now())
    return issued


def billing_run_issue(*, run_id: int, progress_every: int = 25) -> int:
    """Issue a confirmed run's documents, each in its own transaction; return how many it issued.

    Idempotent: members that already have their document are skipped, so running it twice (or a
    second task after a killed worker) issues nothing twice; the run is marked done once every
    item has its document.
    """
    run = _claim_run(run_id)
    if run is None:
        return 0
    issued = 0
    try:
        profile = _profile_or_refuse()
        item_ids = list(_remaining_items(run).order_by("pk").values_list("pk", flat=True))
        for count, item_id in enumerate(item_ids, start=1):
            if _issue_run_item(run, item_id, profile) is not None:
                issued += 1
            if count % progress_every == 0:
                _run_progress_save(run)
    except Exception as error:
        logger.exception("billing run %s stopped", run_id)
        with transaction.atomic():
            BillingRun.objects.filter(pk=run_id, status=BillingRun.Status.RUNNING).update(
                status=BillingRun.Status.FAILED, error=str(error)[:2000], updated_at=timezone.now()
            )
            audit_log(
                actor=None,
                action="fees.billing_run_failed",
                target=run,
                changes={"error": str(error)[:500]},
            )
        raise
    _run_progress_save(run)
    _finish_run(run_id)
    return issued


def _finish_run(run_id: int) -> None:
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().get(pk=run_id)
        if run.status != BillingRun.Status.RUNNING or _remaining_items(run).exists():
            return
        totals = FeeDocument.objects.filter(billing_run=run, corrects__isnull=True).aggregate(
            count=Count("pk"), net=Sum("net_total"), vat=Sum("vat_total"), gross=Sum("gross_total")
        )
        run.status = BillingRun.Status.DONE
        run.finished_at = timezone.now()
        run.issued_count = totals["count"]
        run.net_total = totals["net"] or ZERO
        run.vat_total = totals["vat"] or ZERO
        run.gross_total = totals["gross"] or ZERO
        run.save()
        audit_log(
            actor=None,
            action="fees.billing_run_done",
            target=run,
            changes={"issued_count": run.issued_count, "gross_total": run.gross_total},
        )


def billing_runs_resume() -> int:
    """Queue the issuing of every confirmed or running run again (beat: a killed worker's run).

    Safe to repeat: issuing is idempotent, and two tasks of one run share its items.
    """
    from .tasks import billing_run_issue as issue_task

    runs = list(
        BillingRun.objects.filter(
            status__in=[BillingRun.Status.CONFIRMED, BillingRun.Status.RUNNING],
            updated_at__lt=timezone.now() - datetime.timedelta(minutes=10),
        ).values_list("pk", flat=True)
    )
    for run_id in runs:
        issue_task.delay(run_id)
    return len(runs)


# --- Billing: corrections ----------------------------------------------------------------------


def document_current_lines(document: FeeDocument) -> list[FeeDocumentLine]:
    """The original's lines as they stand after every correction so far (unsaved objects)."""
    states: dict[int, FeeDocumentLine] = {}
    for line in document.lines.all():
        states[line.position] = FeeDocumentLine(
            position=line.position,
            description=line.description,
            quantity=line.quantity,
            unit_net=line.unit_net,
            vat_rate=line.vat_rate,
            net=line.net,
            vat=line.vat,
            gross=line.gross,
        )
    for diff in FeeDocumentLine.objects.filter(document__corrects=document).order_by(
        "document_id", "position"
    ):
        state = states[diff.position]
        state.net += diff.net
        state.vat += diff.vat
        state.gross += diff.gross
        state.unit_net = state.net
    return [states[position] for position in sorted(states)]


def fee_document_correct(
    *,
    document: FeeDocument,
    amounts: Mapping[int, Decimal],
    reason: str,
    actor: User,
    issue_date: datetime.date | None = None,
) -> FeeDocument:
    """Issue a correction of `document`: new amounts (net, or the total of a debit note) by line
    position; the correction holds the differences and the original is never edited.

    A correction that brings the document to nothing marks the original cancelled.
    """
    if document.kind == DocumentKind.CORRECTION:
        raise _refuse(_("Correct the original document, not a correction."), "is_correction")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")}, code="reason")
    issue_date = issue_date or timezone.localdate()
    if issue_date < document.issue_date:
        raise _refuse(_("A correction cannot be dated before the document it corrects."), "date")
    profile = _profile_or_refuse()
    with transaction.atomic():
        original = FeeDocument.objects.select_for_update().get(pk=document.pk)
        if original.status == FeeDocument.Status.CANCELLED:
            raise _refuse(_("This document is already cancelled."), "cancelled")
        current = document_current_lines(original)
        unknown = set(amounts) - {line.position for line in current}
        if unknown:
            raise ValueError(f"no such line positions: {sorted(unknown)}")
        diffs: list[tuple[str, Decimal, Decimal | None, Decimal]] = []
        positions: list[int] = []
        new_gross = ZERO
        for line in current:
            new_net = money(amounts.get(line.position, line.net))
            if new_net < 0:
                raise _refuse(_("An amount cannot be below zero."), "negative")
            new_vat = vat_of(new_net, line.vat_rate)
            new_gross += new_net + new_vat
            if new_net == line.net:
                continue
            diffs.append((line.description, new_net - line.net, line.vat_rate, new_vat - line.vat))
            positions.append(line.position)
        if not diffs:
            raise _refuse(_("Nothing changes: enter at least one new amount."), "no_change")
        representative = original.organisation.primary_representative
        correction = _document_create(
            kind=DocumentKind.CORRECTION,
            organisation=original.organisation,
            profile=profile,
            issue_date=issue_date,
            due_days=max((original.due_date - original.issue_date).days, 0),
            currency=original.currency,
            vat_exemption_basis=original.vat_exemption_basis,
            language=representative.language if representative else original.language,
            lines=diffs,
            positions=positions,
            actor=actor,
            corrects=original,
            correction_reason=reason.strip(),
        )
        if new_gross == ZERO:
            FeeDocument.objects.filter(pk=original.pk).update(status=FeeDocument.Status.CANCELLED)
            audit_log(
                actor=actor,
                action="fees.document_cancelled",
                target=original,
                parent=original.organisation,
                changes={"correction": correction.number},
            )
    return correction


# --- Billing: files (PDF, KSeF XML) -------------------------------------------------------------


def _file_name(document: FeeDocument, extension: str) -> str:
    return f"{document.number.replace('/', '-')}.{extension}"


def fee_document_pdf(document: FeeDocument) -> bytes:
    """Render a document's PDF: Polish, with the member's language beside it."""
    from . import selectors

    return pdf_render(
        template="pdf/fees_document.html",
        context=selectors.document_pdf_context(document),
        language="pl",
    )


def fee_document_render(*, document_id: int) -> bool:
    """Store a document's PDF (and its FA(3) XML for VAT invoices) once; True when it did.

    Only the file columns are written, so a payment recorded at the same time is not undone.
    """
    document = (
        FeeDocument.objects.select_related("corrects", "organisation")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return False
    done = False
    if not document.pdf:
        content = fee_document_pdf(document)
        name = document.pdf.storage.save(
            f"fees/pdf/{_file_name(document, 'pdf')}", ContentFile(content)
        )
        FeeDocument.objects.filter(pk=document.pk, pdf="").update(
            pdf=name, pdf_sha256=sha256_hex(content)
        )
        done = True
    if (
        document.is_vat_invoice
        and not document.ksef_xml
        and document.ksef_status == FeeDocument.KsefStatus.PENDING
    ):
        try:
            xml = ksef.document_xml(document)
        except ksef.KsefError as error:
            # Data the schema refuses (a buyer's NIP, say): the coordinator sees it and corrects.
            logger.warning("no FA(3) XML for %s: %s", document.number, error)
            with transaction.atomic():
                FeeDocument.objects.filter(pk=document.pk).update(
                    ksef_status=FeeDocument.KsefStatus.REJECTED
                )
                audit_log(
                    actor=None,
                    action="fees.document_ksef_invalid",
                    target=document,
                    parent=document.organisation,
                    changes={"error": str(error)[:500]},
                )
            return done
        name = document.ksef_xml.storage.save(
            f"fees/ksef/{_file_name(document, 'xml')}", ContentFile(xml)
        )
        FeeDocument.objects.filter(pk=document.pk, ksef_xml="").update(ksef_xml=name)
        done = True
        profile = BillingProfile.objects.order_by("pk").first()
        if ksef.sending_enabled() and profile is not None and profile.ksef_enabled:
            from .tasks import fee_document_ksef_send

            fee_document_ksef_send.delay(document.pk)
    return done


def fee_documents_render_missing() -> int:
    """Queue the files of documents that have none yet (beat: a render that never ran)."""
    from .tasks import fee_document_render as render_task

    ids = list(
        FeeDocument.objects.filter(
            Q(pdf="") | Q(ksef_status=FeeDocument.KsefStatus.PENDING, ksef_xml="")
        ).values_list("pk", flat=True)[:500]
    )
    for document_id in ids:
        render_task.delay(document_id)
    return len(ids)


def fee_document_ksef_send(*, document_id: int) -> str:
    """Send a VAT invoice's XML to KSeF when sending is on; record the reference or the refusal."""
    document = FeeDocument.objects.select_related("corrects").get(pk=document_id)
    if document.ksef_status != FeeDocument.KsefStatus.PENDING or not document.ksef_xml:
        return "skipped"
    profile = BillingProfile.objects.order_by("pk").first()
    if not (ksef.sending_enabled() and profile is not None and profile.ksef_enabled):
        return "disabled"
    with document.ksef_xml.open("rb") as handle:
        xml = handle.read()
    try:  # pragma: no cover - the KSeF environments cannot be reached from the tests
        reference = ksef.send(xml)
    except Exception as error:  # pragma: no cover
        logger.exception("KSeF refused %s", document.number)
        with transaction.atomic():
            FeeDocument.objects.filter(pk=document.pk).update(
                ksef_status=FeeDocument.KsefStatus.REJECTED
            )
            audit_log(
                actor=None,
                action="fees.document_ksef_rejected",
                target=document,
                changes={"error": str(error)[:500]},
            )
        return "rejected"
    with transaction.atomic():  # pragma: no cover
        FeeDocument.objects.filter(pk=document.pk).update(
            ksef_status=FeeDocument.KsefStatus.SENT, ksef_reference=reference[:64]
        )
        audit_log(
            actor=None,
            action="fees.document_ksef_sent",
            target=document,
            changes={"reference": reference},
        )
    return "sent"  # pragma: no cover


# --- Payments, statements, reminders and arrears (fees-payments) --------------------------------
# The payments part's writes live in fees/payments.py (payments, allocation, statement import
# and matching) and fees/reminders.py (reminders); they are named here as the app's services.
from .payments import (  # noqa: E402, F401
    payment_allocate,
    payment_record,
    statement_import,
    statement_line_ignore,
    statement_line_match,
    statement_match,
)
from .reminders import fee_reminder_send, reminders_due_send  # noqa: E402, F401
