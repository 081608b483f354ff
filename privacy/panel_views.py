"""The coordinator's pages for personal data: requests from people without an account, copies
and erasures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response

from . import selectors, services
from .forms import ErasureConfirmForm, RequestForm
from .models import DataRequest

REQUESTS_PER_PAGE = 25


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_for_email(
                kind=form.cleaned_data["kind"],
                email=form.cleaned_data["email"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The request is recorded."))
            return redirect("panel_privacy:detail", pk=created.pk)
    page_obj = Paginator(selectors.requests_for_panel(), REQUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return panel_render(
        request, "privacy/index.html", {"form": form, "page_obj": page_obj}, section="privacy"
    )


def _erasure_context(data_request, form=None):
    context = {"data_request": data_request}
    if data_request.kind == DataRequest.Kind.ERASURE and data_request.status == "pending":
        subject = services.subject_for_request(data_request)
        context.update(
            found=selectors.subject_found(subject),
            preview=selectors.erasure_preview(subject),
            blockers=services.erasure_blockers(subject),
            form=form or ErasureConfirmForm(expected_email=data_request.email),
        )
    elif data_request.status == "pending" or data_request.status == "processing":
        context["found"] = selectors.subject_found(services.subject_for_request(data_request))
    return context


@coordinator_required
@require_safe
def detail(request, pk):
    data_request = get_object_or_404(DataRequest, pk=pk)
    return panel_render(
        request, "privacy/detail.html", _erasure_context(data_request), section="privacy"
    )


@coordinator_required
@require_safe
def download(request, pk):
    # Only copies the office prepared for someone: a person's own copy is theirs alone.
    data_request = get_object_or_404(DataRequest, pk=pk, user__isnull=True)
    if not data_request.is_downloadable:
        raise Http404
    return private_file_response(
        data_request.archive,
        filename=f"personal-data-{data_request.pk}.zip",
        content_type="application/zip",
    )


@coordinator_required
@require_POST
def erase(request, pk):
    data_request = get_object_or_404(DataRequest, pk=pk, kind=DataRequest.Kind.ERASURE)
    form = ErasureConfirmForm(request.POST, expected_email=data_request.email)
    if form.is_valid():
        try:
            services.erasure_perform(request=data_request, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person's data is erased."))
            return redirect("panel_privacy:detail", pk=data_request.pk)
    return panel_render(
        request,
        "privacy/detail.html",
        _erasure_context(data_request, form),
        section="privacy",
        status=400,
    )


@coordinator_required
@require_POST
def cancel(request, pk):
    data_request = get_object_or_404(DataRequest, pk=pk)
    try:
        services.request_cancel(request=data_request, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is cancelled."))
    return redirect("panel_privacy:detail", pk=data_request.pk)
