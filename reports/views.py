"""The annual reports for the council and the coordinator: a list and the PDFs."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.storage import private_file_response

from . import selectors
from .access import annual_report_reader_required
from .models import AnnualReport


@annual_report_reader_required
@require_safe
def index(request):
    return render(request, "reports/index.html", {"reports": selectors.annual_reports_ready()})


@annual_report_reader_required
@require_safe
def annual_report_pdf(request, pk, language):
    if language not in AnnualReport.LANGUAGES:
        raise Http404
    report = get_object_or_404(selectors.annual_reports_ready(), pk=pk)
    document = report.pdf_for(language)
    if not document:
        raise Http404
    return private_file_response(
        document,
        filename=f"annual-report-{report.year}-{language}.pdf",
        content_type="application/pdf",
    )
