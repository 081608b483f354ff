"""Applications to join, as the cluster office decides them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from .. import selectors, services
from ..forms import RejectionForm
from ..models import Organisation
from .common import (
    Status,
)


@coordinator_required
@require_safe
def application_list(request):
    return panel_render(
        request,
        "application_list.html",
        {"applicants": selectors.applications_pending()},
        section="applications",
    )


def _applicant_or_redirect(request, pk):
    """Return (applicant, None), or (None, a redirect) when the organisation is no applicant."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("primary_representative", "application"), pk=pk
    )
    if organisation.status != Status.APPLICANT:
        messages.warning(
            request,
            _("%(name)s is not waiting for a decision on an application.")
            % {"name": organisation.name},
        )
        return None, redirect("panel:member_detail", pk=organisation.pk)
    return organisation, None


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_approve(request, pk):
    organisation, elsewhere = _applicant_or_redirect(request, pk)
    if elsewhere:
        return elsewhere
    if request.method == "POST":
        try:
            services.membership_approve(organisation=organisation, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("panel:member_approve", pk=organisation.pk)
        messages.success(
            request,
            _(
                "%(name)s is now an active member. Its representative was invited by e-mail to "
                "set a password."
            )
            % {"name": organisation.name},
        )
        return redirect("panel:application_list")
    return panel_render(
        request,
        "application_approve.html",
        {"organisation": organisation, "application": getattr(organisation, "application", None)},
        section="applications",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_reject(request, pk):
    organisation, elsewhere = _applicant_or_redirect(request, pk)
    if elsewhere:
        return elsewhere
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_reject(
                organisation=organisation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The application of %(name)s is rejected; the reason was sent by e-mail.")
                % {"name": organisation.name},
            )
            return redirect("panel:application_list")
    return panel_render(
        request,
        "application_reject.html",
        {"organisation": organisation, "form": form},
        section="applications",
    )
