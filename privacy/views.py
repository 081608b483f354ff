"""A person's own data: ask for a copy, see how it is going, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.storage import private_file_response

from . import selectors, services
from .models import DataRequest


@login_required
@require_safe
def index(request):
    exports = list(selectors.exports_of(user=request.user)[:10])
    in_progress = any(
        item.status in (DataRequest.Status.PENDING, DataRequest.Status.PROCESSING)
        for item in exports
    )
    return render(request, "privacy/my_data.html", {"exports": exports, "in_progress": in_progress})


@login_required
@require_POST
def export_request(request):
    services.export_request(user=request.user, actor=request.user)
    messages.success(
        request, _("Your copy is being prepared. We will e-mail you when it is ready.")
    )
    return redirect("privacy:index")


@login_required
@require_safe
def download(request, pk):
    export = selectors.export_for_owner(user=request.user, pk=pk)
    if export is None or not export.is_downloadable:
        raise Http404
    return private_file_response(
        export.archive, filename=f"my-data-{export.pk}.zip", content_type="application/zip"
    )
