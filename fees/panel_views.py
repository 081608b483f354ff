"""The coordinator's fees pages: the year's overview, billing profile, schedules, billing runs,
documents and corrections (the billing part). Payments, statements and arrears have their own
module."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response

from . import selectors, services
from .models import BillingRun, DocumentKind, FeeDocument, FeeSchedule
from .panel_forms import (
    BillingProfileForm,
    BillingRunForm,
    CorrectionForm,
    DocumentFilterForm,
    FeeScheduleForm,
)

PER_PAGE = 50
# The progress page reloads itself while a run is being issued (seconds).
PROGRESS_REFRESH = 3


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@coordinator_required
@require_safe
def index(request):
    year = _year(request)
    return panel_render(
        request,
        "fees/index.html",
        {
            "overview": selectors.year_overview(year=year),
            "years": sorted({year, *selectors.document_years()}, reverse=True),
            "runs": selectors.runs_for_panel()[:10],
            "profile": selectors.billing_profile(),
            "schedules": selectors.schedules_for_panel(year=year),
            "tab": "overview",
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    form = BillingProfileForm(request.POST or None, instance=selectors.billing_profile())
    if request.method == "POST" and form.is_valid():
        try:
            services.billing_profile_save(data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The billing profile is saved."))
            return redirect("panel_fees:index")
    return panel_render(request, "fees/profile_form.html", {"form": form, "tab": "profile"})


@coordinator_required
@require_safe
def schedule_list(request):
    return panel_render(
        request,
        "fees/schedule_list.html",
        {"schedules": selectors.schedules_for_panel(), "tab": "schedules"},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_form(request, pk=None):
    schedule = get_object_or_404(FeeSchedule, pk=pk) if pk is not None else None
    # The form validates its own copy: the service records the schedule's values before.
    form = FeeScheduleForm(
        request.POST or None,
        instance=FeeSchedule.objects.get(pk=pk) if schedule is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_schedule_save(
                schedule=schedule, data=form.service_data(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The fee schedule is saved."))
            return redirect("panel_fees:schedule_list")
    return panel_render(
        request,
        "fees/schedule_form.html",
        {"form": form, "schedule": schedule, "tab": "schedules"},
    )


# --- Billing runs ------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_create(request):
    form = BillingRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.billing_run_preview(
                year=form.cleaned_data["year"],
                issue_date=form.cleaned_data["issue_date"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("panel_fees:run_detail", pk=run.pk)
    return panel_render(request, "fees/run_form.html", {"form": form, "tab": "runs"})


@coordinator_required
@require_safe
def run_detail(request, pk):
    run = get_object_or_404(BillingRun.objects.select_related("created_by", "confirmed_by"), pk=pk)
    in_progress = run.status in (BillingRun.Status.CONFIRMED, BillingRun.Status.RUNNING)
    issued = selectors.run_issued_count(run)
    page_obj = Paginator(selectors.run_items(run), PER_PAGE).get_page(request.GET.get("page"))
    unscheduled = []
    if run.status == BillingRun.Status.PREVIEW:
        _planned, unscheduled = services.billing_plan(year=run.year)
    return panel_render(
        request,
        "fees/run_detail.html",
        {
            "run": run,
            "issued": issued,
            "percent": round(100 * issued / run.planned_count) if run.planned_count else 100,
            "in_progress": in_progress,
            "refresh": PROGRESS_REFRESH if in_progress else None,
            "by_category": selectors.run_items_by_category(run),
            "page_obj": page_obj,
            "unscheduled": unscheduled,
            "tab": "runs",
        },
    )


def _run_action(request, pk, action, success):
    run = get_object_or_404(BillingRun, pk=pk)
    try:
        action(run=run, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, success)
        if action is services.billing_run_discard:
            return redirect("panel_fees:index")
    return redirect("panel_fees:run_detail", pk=run.pk)


@coordinator_required
@require_POST
def run_confirm(request, pk):
    return _run_action(
        request,
        pk,
        services.billing_run_confirm,
        _("The run is confirmed; its documents are being issued."),
    )


@coordinator_required
@require_POST
def run_discard(request, pk):
    return _run_action(request, pk, services.billing_run_discard, _("The preview is discarded."))


@coordinator_required
@require_POST
def run_resume(request, pk):
    return _run_action(
        request, pk, services.billing_run_resume, _("The rest of the run is being issued.")
    )


# --- Documents ---------------------------------------------------------------------------------


def _document_or_404(pk):
    return get_object_or_404(
        FeeDocument.objects.select_related("organisation", "corrects", "billing_run"), pk=pk
    )


@coordinator_required
@require_safe
def document_list(request):
    form = DocumentFilterForm(request.GET or None, years=selectors.document_years())
    documents = selectors.documents_for_panel(**form.values())
    page_obj = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "fees/document_list.html",
        {"form": form, "page_obj": page_obj, "tab": "documents"},
    )


@coordinator_required
@require_safe
def document_detail(request, pk):
    document = _document_or_404(pk)
    return panel_render(
        request,
        "fees/document_detail.html",
        {
            "document": document,
            "lines": document.lines.all(),
            "vat_summary": selectors.vat_summary(document),
            "corrections": document.corrections.order_by("issue_date", "pk"),
            "allocations": document.allocations.select_related("payment").order_by("pk"),
            "trail": audit_entries_present(audit_trail_for(document)[:50]),
            "tab": "documents",
        },
    )


@coordinator_required
@require_safe
def document_pdf(request, pk):
    document = _document_or_404(pk)
    return private_file_response(document.pdf, filename=f"{document.number.replace('/', '-')}.pdf")


@coordinator_required
@require_safe
def document_xml(request, pk):
    document = _document_or_404(pk)
    return private_file_response(
        document.ksef_xml,
        filename=f"{document.number.replace('/', '-')}.xml",
        content_type="application/xml",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_correct(request, pk):
    document = _document_or_404(pk)
    if document.kind == DocumentKind.CORRECTION:
        messages.error(request, _("Correct the original document, not a correction."))
        return redirect("panel_fees:document_detail", pk=document.corrects_id)
    lines = services.document_current_lines(document)
    form = CorrectionForm(
        request.POST or None,
        lines=lines,
        is_debit_note=document.kind == DocumentKind.DEBIT_NOTE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.fee_document_correct(
                document=document,
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
                issue_date=form.cleaned_data["issue_date"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Correcting document %(number)s is issued.") % {"number": correction.number},
            )
            return redirect("panel_fees:document_detail", pk=correction.pk)
    return panel_render(
        request,
        "fees/document_correct.html",
        {"document": document, "form": form, "lines": lines, "tab": "documents"},
    )
