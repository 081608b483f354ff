"""The fees pages of "My organisation": a representative's list of their organisation's documents.

Fee documents are the organisation's finances: its representatives read them; its other
employees do not. A document of another organisation answers 404, as if it did not exist.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.storage import private_file_response
from members.decorators import representative_required

from . import selectors
from .models import FeeDocument


def get_document_for(request, pk):
    """Return a document of the representative's own organisation; anyone else's does not exist."""
    return get_object_or_404(FeeDocument, pk=pk, organisation=request.organisation)


@representative_required
@require_safe
def document_list(request):
    documents = selectors.documents_of_organisation(request.organisation)
    return render(
        request,
        "fees/my_documents.html",
        {"organisation": request.organisation, "documents": documents},
    )


@representative_required
@require_safe
def document_pdf(request, pk):
    document = get_document_for(request, pk)
    return private_file_response(document.pdf, filename=f"{document.number.replace('/', '-')}.pdf")
