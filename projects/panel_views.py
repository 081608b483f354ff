"""The coordinator panel for projects: the register, partners, documents, calls, ideas, figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.panel import panel_render
from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes
from members.models import Organisation

from . import selectors, services
from .forms import (
    DocumentForm,
    FiguresForm,
    FundingCallForm,
    IdeaDeclineForm,
    IdeaToProjectForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
    StatusForm,
)
from .models import FundingCall, Project, ProjectDocument, ProjectIdea, ProjectPartner

PROJECTS_PER_PAGE = 50
TRAIL_LENGTH = 30
GET_POST = ["GET", "HEAD", "POST"]


def _project_or_404(pk):
    project = selectors.project_for_panel(pk=pk)
    if project is None:
        raise Http404
    return project


def _to_detail(project_id):
    return redirect("panel_projects:detail", pk=project_id)


def _messages_of(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- Projects -----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def index(request):
    form = ProjectFilterForm(
        request.GET or None,
        statuses=Project.Status.values,
        programmes=selectors.programmes(sees_all=True),
        organisations=selectors.partner_organisations(sees_all=True),
    )
    filters = form.filters()
    projects = selectors.projects_filter(selectors.projects_visible(sees_all=True), **filters)
    page_obj = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.status_counts()
    return panel_render(
        request,
        "projects/index.html",
        {
            "form": form,
            "page_obj": page_obj,
            "is_filtered": bool(filters),
            "status_counts": [
                (label, counts.get(value, 0)) for value, label in Project.Status.choices
            ],
            "waiting_ideas": ProjectIdea.objects.filter(
                status=ProjectIdea.Status.SUBMITTED
            ).count(),
        },
    )


@coordinator_required
@require_http_methods(GET_POST)
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                data=form.project_data(),
                plan_items=form.cleaned_data["plan_items"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project is recorded."))
            return _to_detail(project.pk)
    return panel_render(request, "projects/project_form.html", {"form": form})


@coordinator_required
@require_safe
def project_detail(request, pk):
    project = _project_or_404(pk)
    transitions = services.allowed_transitions(project.status)
    return panel_render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "partners": list(project.partners.all()),
            "documents": list(project.documents.all()),
            "plan_items": list(project.plan_items.all()),
            "status_form": StatusForm(choices=transitions) if transitions else None,
            "trail": audit_entries_present(audit_trail_for(project)[:TRAIL_LENGTH]),
        },
    )


@coordinator_required
@require_http_methods(GET_POST)
def project_edit(request, pk):
    project = _project_or_404(pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.project_data(),
                plan_items=form.cleaned_data["plan_items"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return _to_detail(project.pk)
    return panel_render(request, "projects/project_form.html", {"form": form, "project": project})


@coordinator_required
@require_POST
def project_status(request, pk):
    project = _project_or_404(pk)
    form = StatusForm(request.POST, choices=services.allowed_transitions(project.status))
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return _to_detail(project.pk)
    try:
        services.project_status_change(
            actor=request.user, project=project, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(request, _("The project's status is changed."))
    return _to_detail(project.pk)


# --- Partners and documents ---------------------------------------------------------------------


@coordinator_required
@require_http_methods(GET_POST)
def partner_add(request, pk):
    project = _project_or_404(pk)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_partner_add(
                actor=request.user, project=project, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner is added."))
            return _to_detail(project.pk)
    return panel_render(request, "projects/partner_form.html", {"form": form, "project": project})


@coordinator_required
@require_http_methods(GET_POST)
def partner_edit(request, pk):
    partner = get_object_or_404(ProjectPartner.objects.select_related("project"), pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_partner_update(
                actor=request.user, partner=partner, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return _to_detail(partner.project_id)
    return panel_render(
        request,
        "projects/partner_form.html",
        {"form": form, "project": partner.project, "partner": partner},
    )


@coordinator_required
@require_POST
def partner_remove(request, pk):
    partner = get_object_or_404(ProjectPartner, pk=pk)
    services.project_partner_remove(actor=request.user, partner=partner)
    messages.success(request, _("The partner is removed."))
    return _to_detail(partner.project_id)


@coordinator_required
@require_http_methods(GET_POST)
def document_add(request, pk):
    project = _project_or_404(pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_document_upload(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is uploaded."))
            return _to_detail(project.pk)
    return panel_render(request, "projects/document_form.html", {"form": form, "project": project})


@coordinator_required
@require_POST
def document_remove(request, pk):
    document = get_object_or_404(ProjectDocument.objects.select_related("project"), pk=pk)
    services.project_document_delete(actor=request.user, document=document)
    messages.success(request, _("The document is removed."))
    return _to_detail(document.project_id)


# --- Funding calls ------------------------------------------------------------------------------


@coordinator_required
@require_safe
def call_list(request):
    return panel_render(
        request, "projects/call_list.html", {"calls": list(selectors.calls_for_panel())}
    )


def _call_form(request, call=None):
    form = FundingCallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_call_save(actor=request.user, data=form.cleaned_data, call=call)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The funding call is saved."))
            return redirect("panel_projects:call_list")
    return panel_render(request, "projects/call_form.html", {"form": form, "call": call})


@coordinator_required
@require_http_methods(GET_POST)
def call_create(request):
    return _call_form(request)


@coordinator_required
@require_http_methods(GET_POST)
def call_edit(request, pk):
    return _call_form(request, get_object_or_404(FundingCall, pk=pk))


@coordinator_required
@require_POST
def call_delete(request, pk):
    call = get_object_or_404(FundingCall, pk=pk)
    services.funding_call_delete(actor=request.user, call=call)
    messages.success(request, _("The funding call is removed."))
    return redirect("panel_projects:call_list")


# --- Ideas --------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def idea_list(request):
    status = request.GET.get("status", "")
    if status not in ProjectIdea.Status.values:
        status = ""
    return panel_render(
        request,
        "projects/idea_list.html",
        {
            "ideas": list(selectors.ideas_for_panel(status=status)),
            "status": status,
            "statuses": ProjectIdea.Status.choices,
        },
    )


def _open_idea_or_404(pk):
    return get_object_or_404(
        ProjectIdea.objects.select_related("organisation", "call", "submitted_by"),
        pk=pk,
        status=ProjectIdea.Status.SUBMITTED,
    )


@coordinator_required
@require_http_methods(GET_POST)
def idea_accept(request, pk):
    idea = _open_idea_or_404(pk)
    form = IdeaToProjectForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_idea_to_project(
                actor=request.user,
                idea=idea,
                data=form.project_data(),
                plan_items=form.cleaned_data["plan_items"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The idea is now a project. Complete its data and partners.")
            )
            return _to_detail(project.pk)
    return panel_render(request, "projects/idea_accept.html", {"form": form, "idea": idea})


@coordinator_required
@require_http_methods(GET_POST)
def idea_decline(request, pk):
    idea = _open_idea_or_404(pk)
    form = IdeaDeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_idea_decline(
                actor=request.user, idea=idea, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The idea is declined; the organisation sees your note."))
            return redirect("panel_projects:idea_list")
    return panel_render(request, "projects/idea_decline.html", {"form": form, "idea": idea})


# --- Figures ------------------------------------------------------------------------------------


def _figures(request):
    form = FiguresForm(request.GET or None)
    return form, selectors.figures_by_organisation(**form.period())


def _figure_headers():
    return [
        _("Organisation"),
        _("Currency"),
        _("Projects"),
        *(label for _value, label in Project.Status.choices),
        _("As lead partner"),
        _("As partner"),
        _("Total budget"),
        _("Co-financing"),
        _("Budget share"),
    ]


def _figure_rows(rows):
    for row in rows:
        organisation: Organisation = row["organisation"]
        yield [
            spreadsheet_safe(organisation.name),
            row["currency"],
            row["projects"],
            *row["status_list"],
            row["lead"],
            row["partner"],
            row["budget"],
            row["cofinancing"],
            row["share"],
        ]


@coordinator_required
@require_safe
def figures(request):
    form, rows = _figures(request)
    return panel_render(
        request,
        "projects/figures.html",
        {
            "form": form,
            "rows": rows,
            "statuses": Project.Status.choices,
            "totals": selectors.totals_by_status(),
            "query": request.GET.urlencode(),
        },
    )


@coordinator_required
@require_safe
def figures_csv(request):
    _form, rows = _figures(request)
    response = HttpResponse(
        csv_bytes(_figure_headers(), _figure_rows(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="projects-figures.csv"'
    return response


@coordinator_required
@require_safe
def figures_xlsx(request):
    _form, rows = _figures(request)
    content = xlsx_bytes(_figure_headers(), list(_figure_rows(rows)), title=_("Projects by member"))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="projects-figures.xlsx"'
    return response
