"""The coordinator's payments pages (the fees-payments part): payments and the form to record one,
bank statements (upload, detail, matching or ignoring a line by hand), arrears, and the
bookkeeper's exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response

from . import payments, selectors
from .exports import export_bytes
from .models import BankStatement, Payment, StatementLine
from .payment_forms import (
    ArrearsForm,
    ExportForm,
    LineMatchForm,
    PaymentForm,
    StatementUploadForm,
)

PER_PAGE = 50


@coordinator_required
@require_safe
def payment_list(request):
    source = request.GET.get("source", "")
    if source not in Payment.Source.values:
        source = ""
    unallocated = request.GET.get("credit") == "1"
    page = Paginator(
        selectors.payments_for_panel(source=source, unallocated=unallocated), PER_PAGE
    ).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "fees/payment_list.html",
        {
            "page_obj": page,
            "source": source,
            "credit": unallocated,
            "sources": Payment.Source.choices,
            "tab": "payments",
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def payment_create(request):
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = payments.payment_record(
                organisation=data["organisation"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                payer_account=data["payer_account"],
                title=data["title"],
                note=data["note"],
                documents=list(data["documents"]),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("panel_fees:payment_detail", payment.pk)
    return panel_render(request, "fees/payment_form.html", {"form": form, "tab": "payments"})


@coordinator_required
@require_safe
def payment_detail(request, pk):
    try:
        payment = selectors.payment_for_panel(pk=pk)
    except Payment.DoesNotExist:
        raise Http404 from None
    return panel_render(
        request,
        "fees/payment_detail.html",
        {
            "payment": payment,
            "credit": payment.amount - payment.allocated,
            "open_documents": (
                selectors.open_documents_of(payment.organisation) if payment.organisation else []
            ),
            "tab": "payments",
        },
    )


@coordinator_required
@require_POST
def payment_allocate(request, pk):
    """Give a payment's credit to one more document of its organisation."""
    payment = get_object_or_404(Payment, pk=pk)
    document_id = request.POST.get("document", "")
    # The page offers only the organisation's open documents: anything else was not chosen there.
    if payment.organisation is None or not document_id.isdigit():
        raise Http404
    document = get_object_or_404(
        selectors.open_documents_of(payment.organisation), pk=int(document_id)
    )
    try:
        payments.payment_allocate(payment=payment, document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The payment is allocated to %(number)s.") % {"number": document.number}
        )
    return redirect("panel_fees:payment_detail", payment.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def statement_list(request):
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            statement = payments.statement_import(
                upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The statement is imported: %(lines)d lines, %(matched)d matched, "
                    "%(unmatched)d waiting for you."
                )
                % {
                    "lines": statement.line_count,
                    "matched": statement.matched_count,
                    "unmatched": statement.unmatched_count,
                },
            )
            return redirect("panel_fees:statement_detail", statement.pk)
    page = Paginator(selectors.statements_for_panel(), PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "fees/statement_list.html",
        {"form": form, "page_obj": page, "tab": "statements"},
    )


@coordinator_required
@require_safe
def statement_detail(request, pk):
    statement = get_object_or_404(BankStatement.objects.select_related("imported_by"), pk=pk)
    lines = list(selectors.statement_lines(statement))
    unmatched = [line for line in lines if line.status == StatementLine.Status.UNMATCHED]
    return panel_render(
        request,
        "fees/statement_detail.html",
        {
            "statement": statement,
            "lines": lines,
            "unmatched": unmatched,
            "match_form": LineMatchForm() if unmatched else None,
            "tab": "statements",
        },
    )


@coordinator_required
@require_safe
def statement_file(request, pk):
    statement = get_object_or_404(BankStatement, pk=pk)
    extension = "xml" if statement.format == BankStatement.Format.CAMT053 else "txt"
    return private_file_response(statement.file, filename=f"statement-{statement.pk}.{extension}")


def _line_of(pk, line_pk):
    return get_object_or_404(
        StatementLine.objects.select_related("statement"), statement_id=pk, pk=line_pk
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def statement_line_match(request, pk, line_pk):
    line = _line_of(pk, line_pk)
    form = LineMatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payments.statement_line_match(
                line=line,
                organisation=form.cleaned_data["organisation"],
                documents=list(form.cleaned_data["documents"]),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The line is matched."))
            return redirect("panel_fees:statement_detail", pk)
    return panel_render(
        request,
        "fees/statement_line_match.html",
        {"form": form, "line": line, "statement": line.statement, "tab": "statements"},
    )


@coordinator_required
@require_POST
def statement_line_ignore(request, pk, line_pk):
    line = _line_of(pk, line_pk)
    try:
        payments.statement_line_ignore(line=line, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The line is set aside."))
    return redirect("panel_fees:statement_detail", pk)


@coordinator_required
@require_safe
def arrears(request):
    form = ArrearsForm(request.GET or None)
    min_days = 0
    if form.is_valid():
        min_days = form.cleaned_data["min_days"] or 0
    today = timezone.localdate()
    return panel_render(
        request,
        "fees/arrears.html",
        {
            "form": form,
            "arrears": selectors.arrears(on=today, min_days=min_days),
            "today": today,
            "tab": "arrears",
        },
    )


@coordinator_required
@require_safe
def export(request):
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        kind, start, end = data["kind"], data["start"], data["end"]
        rows = (
            selectors.documents_for_export(start=start, end=end)
            if kind == "documents"
            else selectors.payments_for_export(start=start, end=end)
        )
        title = _("Documents") if kind == "documents" else _("Payments")
        content, content_type, extension = export_bytes(kind, rows, fmt=data["format"], title=title)
        response = HttpResponse(content, content_type=content_type)
        name = f"fees-{kind}-{start.isoformat()}-{end.isoformat()}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if not request.GET:
        today = timezone.localdate()
        form = ExportForm(
            initial={"kind": "documents", "start": today.replace(month=1, day=1), "end": today}
        )
    return panel_render(request, "fees/export.html", {"form": form, "tab": "exports"})
