"""The registry in the panel: the member list, its exports, organisations, status and trail."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.page_cache import settled_content_version
from core.panel import panel_render

from .. import exports, selectors, services
from ..filters import organisations_filtered
from ..models import Organisation
from ..panel_forms import (
    OrganisationCreateForm,
    PanelOrganisationForm,
    PanelStatusChangeForm,
    organisation_data,
    organisation_fieldsets,
)
from .common import (
    AUDIT_ENTRIES_PER_PAGE,
    MEMBERS_PER_PAGE,
    Status,
    _organisation_or_404,
    _query_without,
    _sort_headers,
)


@coordinator_required
@require_safe
def member_list(request):
    # Everything the list needs is lazy, so a list served from the fragment cache runs none of it.
    filterset = SimpleLazyObject(lambda: organisations_filtered(request.GET))
    return panel_render(
        request,
        "member_list.html",
        {
            "filter": filterset,
            "page_obj": SimpleLazyObject(
                lambda: Paginator(filterset.qs, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
            ),
            "sort_headers": SimpleLazyObject(
                lambda: _sort_headers(request, filterset.current_sort)
            ),
            "content_version": settled_content_version(),
            "fragment_seconds": settings.PAGE_CACHE_SECONDS,
            "export_query": _query_without(request, "page"),
            "is_filtered": bool(_query_without(request, "page", "sort")),
        },
        section="members",
    )


def _exported(request):
    return selectors.organisations_with_competences(organisations_filtered(request.GET).qs)


def _export_filename(extension):
    return f"members-{timezone.localdate():%Y-%m-%d}.{extension}"


@coordinator_required
@require_safe
def member_export_csv(request):
    content = exports.export_csv(_exported(request))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("csv")}"'
    return response


@coordinator_required
@require_safe
def member_export_xlsx(request):
    content = exports.export_xlsx(_exported(request), title=_("Members"))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("xlsx")}"'
    return response


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_create(request):
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(
                actor=request.user,
                data=organisation_data(form),
                sectors=form.cleaned_data["sectors"],
                competences=form.chosen_competences(),
                status=form.cleaned_data["status"],
                representative_data=form.representative_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": organisation.name})
            return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request,
        "member_form.html",
        {"form": form, "fieldsets": organisation_fieldsets(form)},
        section="members",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit(request, pk):
    organisation = _organisation_or_404(pk)
    form = PanelOrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=organisation_data(form),
                sectors=form.cleaned_data["sectors"],
                competences=form.chosen_competences(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request,
        "member_form.html",
        {
            "form": form,
            "fieldsets": organisation_fieldsets(form),
            "organisation": Organisation.objects.get(pk=pk),
        },
        section="members",
    )


@coordinator_required
@require_safe
def member_detail(request, pk):
    try:
        organisation = selectors.organisation_for_panel(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return panel_render(
        request,
        "member_detail.html",
        {
            "organisation": organisation,
            "application": getattr(organisation, "application", None),
            "allowed_statuses": _allowed_statuses(organisation),
            "descriptions": [
                (language, text)
                for code, language in settings.LANGUAGES
                if (text := getattr(organisation, f"description_{code}"))
            ],
        },
        section="members",
    )


def _allowed_statuses(organisation):
    # An applicant is approved or rejected, which does more than change the status.
    if organisation.status == Status.APPLICANT:
        return []
    return [
        status for status in Status if status in services.STATUS_TRANSITIONS[organisation.status]
    ]


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_status(request, pk):
    organisation = _organisation_or_404(pk)
    allowed = _allowed_statuses(organisation)
    form = PanelStatusChangeForm(request.POST or None, allowed_statuses=allowed)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            organisation = services.organisation_change_status(
                organisation=organisation,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(name)s is now “%(status)s”.")
                % {"name": organisation.name, "status": organisation.get_status_display()},
            )
            return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request,
        "member_status.html",
        {"organisation": organisation, "form": form, "allowed_statuses": allowed},
        section="members",
    )


@coordinator_required
@require_safe
def member_audit(request, pk):
    organisation = _organisation_or_404(pk)
    page_obj = Paginator(audit_trail_for(organisation), AUDIT_ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    selectors.audit_entries_link_organisations(audit_entries_present(page_obj.object_list))
    return panel_render(
        request,
        "member_audit.html",
        {"organisation": organisation, "page_obj": page_obj},
        section="members",
    )
