"""The people of member organisations: added, changed, removed, invited, made representative."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from .. import selectors, services
from ..forms import PersonForm
from ..models import Person
from .common import (
    _organisation_or_404,
    _person_or_404,
)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_create(request, pk):
    organisation = _organisation_or_404(pk)
    form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                organisation=organisation, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added to %(organisation)s.")
                % {"name": person.full_name, "organisation": organisation.name},
            )
            return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request, "person_form.html", {"form": form, "organisation": organisation}, section="members"
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request, pk):
    person = _person_or_404(pk)
    organisation = person.organisation
    is_primary = organisation.primary_representative_id == person.pk
    form = PersonForm(request.POST or None, instance=person, organisation=organisation)
    if is_primary:
        # The primary representative stays a representative; name another one first.
        form.fields["role"].disabled = True
        form.fields["role"].help_text = _("The primary representative is always a representative.")
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request,
        "person_form.html",
        {"form": form, "organisation": organisation, "person": Person.objects.get(pk=pk)},
        section="members",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_delete(request, pk):
    person = _person_or_404(pk)
    organisation = person.organisation
    if request.method == "POST":
        try:
            services.person_delete(person=person, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s is removed from the registry.") % {"name": person.full_name}
            )
        return redirect("panel:member_detail", pk=organisation.pk)
    return panel_render(
        request,
        "person_confirm_delete.html",
        {
            "person": person,
            "organisation": organisation,
            "is_primary": organisation.primary_representative_id == person.pk,
        },
        section="members",
    )


@coordinator_required
@require_POST
def person_invite(request, pk):
    person = _person_or_404(pk)
    if selectors.account_linked_elsewhere(person=person):
        messages.error(
            request,
            _(
                "The account with the e-mail %(email)s belongs to another person in the registry. "
                "Give this person another e-mail address, or remove the other entry first."
            )
            % {"email": person.email},
        )
        return redirect("panel:member_detail", pk=person.organisation_id)
    try:
        invitation = services.person_invite(person=person, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if invitation is None:
            messages.info(
                request,
                _(
                    "An account with this e-mail address already existed; "
                    "it is now linked to %(name)s."
                )
                % {"name": person.full_name},
            )
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": person.email}
            )
    return redirect("panel:member_detail", pk=person.organisation_id)


@coordinator_required
@require_POST
def person_make_primary(request, pk):
    person = _person_or_404(pk)
    try:
        services.primary_representative_set(
            organisation=person.organisation, person=person, actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is now the primary representative of %(organisation)s.")
            % {"name": person.full_name, "organisation": person.organisation.name},
        )
    return redirect("panel:member_detail", pk=person.organisation_id)
