"""The coordinator's panel of joint purchases: every purchase with its total and participants,
one purchase's commitments, and the exports."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.decorators import coordinator_required
from core.panel import panel_render

from . import purchase_exports, selectors
from .models import Post
from .purchase_views import (
    XLSX_TYPE,
    commitments_csv_response,
    commitments_xlsx_response,
    manage_context,
)

SECTION = "cooperation"


def _purchase_or_404(pk):
    try:
        return selectors.purchases_for_panel().get(pk=pk)
    except Post.DoesNotExist as error:
        raise Http404 from error


@coordinator_required
@require_safe
def purchase_list(request):
    return panel_render(
        request,
        "cooperation/purchase_list.html",
        {"purchases": selectors.purchases_for_panel()},
        section=SECTION,
    )


def _list_name(extension):
    return f"joint-purchases-{timezone.localdate():%Y-%m-%d}.{extension}"


@coordinator_required
@require_safe
def purchase_list_csv(request):
    response = HttpResponse(
        purchase_exports.purchases_csv(selectors.purchases_for_panel()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_list_name("csv")}"'
    return response


@coordinator_required
@require_safe
def purchase_list_xlsx(request):
    response = HttpResponse(
        purchase_exports.purchases_xlsx(
            selectors.purchases_for_panel(), title=_("Joint purchases")
        ),
        content_type=XLSX_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{_list_name("xlsx")}"'
    return response


@coordinator_required
@require_safe
def purchase_detail(request, pk):
    post = _purchase_or_404(pk)
    return panel_render(
        request, "cooperation/purchase_detail.html", manage_context(post), section=SECTION
    )


@coordinator_required
@require_safe
def purchase_csv(request, pk):
    return commitments_csv_response(_purchase_or_404(pk))


@coordinator_required
@require_safe
def purchase_xlsx(request, pk):
    return commitments_xlsx_response(_purchase_or_404(pk))
