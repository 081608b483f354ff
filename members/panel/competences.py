"""The competence vocabulary: the terms members describe themselves with, kept by the office."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from .. import selectors, services
from ..models import Competence
from ..panel_forms import CompetenceForm


@coordinator_required
@require_safe
def competence_list(request):
    return panel_render(
        request,
        "competence_list.html",
        {"groups": selectors.competences_grouped(selectors.competences_for_panel())},
        section="competences",
    )


def _competence_form(request, competence):
    form = CompetenceForm(request.POST or None, instance=competence)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.competence_save(
                actor=request.user,
                data=form.cleaned_data,
                # The form has already changed `competence`; the service compares with the saved.
                competence=Competence.objects.get(pk=competence.pk) if competence else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The competence “%(name)s” is saved.") % {"name": saved})
            return redirect("panel:competence_list")
    return panel_render(
        request,
        "competence_form.html",
        {"form": form, "competence": competence},
        section="competences",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def competence_create(request):
    return _competence_form(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def competence_edit(request, pk):
    return _competence_form(request, get_object_or_404(Competence, pk=pk))


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def competence_delete(request, pk):
    """Ask for confirmation, saying how many organisations name the term, then remove it."""
    competence = get_object_or_404(Competence, pk=pk)
    if request.method == "POST":
        name = str(competence)
        count = services.competence_delete(competence=competence, actor=request.user)
        if not count:
            message = _("The competence “%(name)s” is removed; no organisation named it.")
        else:
            message = ngettext(
                "The competence “%(name)s” is removed; %(count)s organisation no longer names it.",
                "The competence “%(name)s” is removed; %(count)s organisations no longer name it.",
                count,
            )
        messages.success(request, message % {"name": name, "count": count})
        return redirect("panel:competence_list")
    return panel_render(
        request,
        "competence_confirm_delete.html",
        {"competence": competence, "usage": selectors.competence_usage(competence=competence)},
        section="competences",
    )
