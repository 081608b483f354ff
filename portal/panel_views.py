"""The panel's own pages: the dashboard across every app, and inviting coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from accounts.services import invitation_send
from core.audit import audit_entries_present
from core.panel import panel_render
from members import selectors as member_selectors

from .dashboard import portal_summary
from .forms import CoordinatorInviteForm


@coordinator_required
@require_safe
def dashboard(request):
    entries = member_selectors.audit_entries_link_organisations(
        audit_entries_present(member_selectors.recent_audit_entries(limit=10))
    )
    return panel_render(
        request,
        "dashboard.html",
        {
            "counts": member_selectors.dashboard_counts(),
            "entries": entries,
            "portal": portal_summary(),
        },
        section="dashboard",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite_coordinator(request):
    form = CoordinatorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_send(
                email=form.cleaned_data["email"],
                invited_by=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=form.cleaned_data["language"],
                is_coordinator=True,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation to join the cluster office was sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(reverse("panel:dashboard"))
    return panel_render(request, "invite_coordinator.html", {"form": form}, section="invite")
