"""Action groups and sectors: the registry's vocabularies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from .. import selectors, services
from ..models import ActionGroup, Sector
from ..panel_forms import (
    ActionGroupForm,
    SectorForm,
)


@coordinator_required
@require_safe
def action_group_list(request):
    return panel_render(
        request,
        "action_group_list.html",
        {"groups": selectors.action_groups_for_panel()},
        section="action_groups",
    )


def _action_group_form(request, group):
    form = ActionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_group_save(
                actor=request.user,
                data=form.group_data(),
                organisations=form.cleaned_data["organisations"],
                # The form has already changed `group`; the service compares with what is saved.
                action_group=ActionGroup.objects.get(pk=group.pk) if group else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action group “%(name)s” is saved.") % {"name": saved})
            return redirect("panel:action_group_list")
    return panel_render(
        request, "action_group_form.html", {"form": form, "group": group}, section="action_groups"
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_group_create(request):
    return _action_group_form(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_group_edit(request, pk):
    return _action_group_form(request, get_object_or_404(ActionGroup, pk=pk))


@coordinator_required
@require_safe
def sector_list(request):
    return panel_render(
        request, "sector_list.html", {"sectors": selectors.sectors_for_panel()}, section="sectors"
    )


def _sector_form(request, sector):
    form = SectorForm(request.POST or None, instance=sector)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.sector_save(
                actor=request.user,
                data=form.cleaned_data,
                sector=Sector.objects.get(pk=sector.pk) if sector else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The sector “%(name)s” is saved.") % {"name": saved})
            return redirect("panel:sector_list")
    return panel_render(
        request, "sector_form.html", {"form": form, "sector": sector}, section="sectors"
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def sector_create(request):
    return _sector_form(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def sector_edit(request, pk):
    return _sector_form(request, get_object_or_404(Sector, pk=pk))
