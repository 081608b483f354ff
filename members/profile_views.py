"""Pages where a representative keeps their own organisation's profile and people current."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors

from . import selectors, services
from .decorators import representative_required
from .models import Person
from .public_forms import ColleagueForm, MyOrganisationForm, NewColleagueForm


def get_person_for(request, pk):
    """Return a person of the representative's own organisation; anyone else does not exist."""
    return get_object_or_404(Person, pk=pk, organisation=request.organisation)


def _invite(request, person):
    """Invite a colleague unless their e-mail's account already belongs to someone else."""
    if selectors.account_linked_elsewhere(person=person):
        messages.error(
            request,
            _(
                "An account with the e-mail %(email)s already belongs to another person, so no "
                "invitation was sent. Ask the cluster office for help."
            )
            % {"email": person.email},
        )
        return
    try:
        invitation = services.person_invite(person=person, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    if invitation is None:
        messages.info(
            request,
            _("%(name)s already has an account and can log in with it.")
            % {"name": person.full_name},
        )
    else:
        messages.success(
            request,
            _("An invitation to create an account was sent to %(email)s.")
            % {"email": person.email},
        )


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request):
    """Edit the organisation's public profile and list its people."""
    organisation = request.organisation
    form = MyOrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=form.profile_data(),
                sectors=form.cleaned_data["sectors"],
                competences=form.chosen_competences(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile of your organisation is saved."))
            return redirect("profile:edit")
    return render(
        request,
        "members/my_organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "people": selectors.organisation_people(organisation=organisation),
        },
    )


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_create(request):
    organisation = request.organisation
    form = NewColleagueForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                organisation=organisation, actor=request.user, data=form.person_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            if form.cleaned_data["send_invitation"]:
                _invite(request, person)
            return redirect("profile:edit")
    return render(request, "members/person_form.html", {"organisation": organisation, "form": form})


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request, pk):
    organisation = request.organisation
    person = get_person_for(request, pk)
    form = ColleagueForm(request.POST or None, instance=person, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, data=form.person_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("profile:edit")
    return render(
        request,
        "members/person_form.html",
        {"organisation": organisation, "form": form, "person": person},
    )


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_delete(request, pk):
    """Ask for confirmation, then remove a colleague from the registry."""
    person = get_person_for(request, pk)
    if request.method == "POST":
        if person.user_id == request.user.pk:
            messages.error(request, _("You cannot remove yourself."))
            return redirect("profile:edit")
        try:
            services.person_delete(person=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": person.full_name})
        return redirect("profile:edit")
    return render(
        request,
        "members/person_confirm_delete.html",
        {
            "organisation": request.organisation,
            "person": person,
            "is_primary": person.pk == request.organisation.primary_representative_id,
            "is_self": person.user_id == request.user.pk,
        },
    )


@representative_required
@require_POST
def person_invite(request, pk):
    _invite(request, get_person_for(request, pk))
    return redirect("profile:edit")
