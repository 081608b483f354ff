"""The register of projects: granted, running and closed ones for everyone, every status for
members; funding calls and members' project ideas."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors
from core.storage import private_file_response
from members import roles
from members.decorators import member_required

from . import selectors, services
from .forms import IdeaForm, ProjectFilterForm
from .models import Project

PROJECTS_PER_PAGE = 25


@require_safe
def project_list(request):
    sees_all = roles.sees_members_only_content(request.user)
    statuses = Project.Status.values if sees_all else list(Project.PUBLIC_STATUSES)
    form = ProjectFilterForm(
        request.GET or None,
        statuses=statuses,
        programmes=selectors.programmes(sees_all=sees_all),
        organisations=selectors.partner_organisations(sees_all=sees_all),
    )
    filters = form.filters()
    projects = selectors.projects_filter(selectors.projects_visible(sees_all=sees_all), **filters)
    page_obj = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "is_filtered": bool(filters),
            "sees_all": sees_all,
        },
    )


@require_safe
def project_detail(request, slug):
    sees_all = roles.sees_members_only_content(request.user)
    project = selectors.project_detail(slug=slug, sees_all=sees_all)
    if project is None:
        raise Http404
    partners = list(project.partners.all())
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "lead": next((p for p in partners if p.role == "lead"), None),
            "partners": [p for p in partners if p.role != "lead"],
            "documents": list(project.documents.all()) if sees_all else [],
            "sees_all": sees_all,
        },
    )


@member_required
@require_safe
def document_download(request, slug, pk):
    document = selectors.document_for_reader(pk=pk, slug=slug, sees_all=True)
    if document is None:
        raise Http404
    name = document.file.name.rsplit("/", 1)[-1]
    return private_file_response(document.file, filename=name)


@member_required
@require_safe
def call_list(request):
    return render(request, "projects/call_list.html", {"calls": list(selectors.calls_upcoming())})


def _member_person(request):
    person = roles.member_person_of(request.user)
    if person is None:
        # The coordinator reads the register but submits no idea for an organisation.
        raise PermissionDenied
    return person


@member_required
@require_safe
def idea_list(request):
    person = _member_person(request)
    return render(
        request,
        "projects/idea_list.html",
        {"ideas": list(selectors.ideas_of(organisation=person.organisation)), "person": person},
    )


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_submit(request):
    person = _member_person(request)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_idea_submit(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The coordinator will read your idea and answer you.")
            )
            return redirect("projects:idea_list")
    return render(
        request, "projects/idea_form.html", {"form": form, "organisation": person.organisation}
    )
