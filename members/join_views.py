"""The public application to join the cluster."""

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from accounts.security import client_ip
from core import mail_limits
from core.forms import add_service_errors

from . import services
from .public_forms import JoinContactForm, JoinDeclarationForm, JoinOrganisationForm

logger = logging.getLogger(__name__)


def _contact_initial(user):
    if not user.is_authenticated:
        return {}
    return {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """Take an application: the organisation, its contact person, the declaration and consent."""
    data = request.POST if request.method == "POST" else None
    organisation_form = JoinOrganisationForm(data)
    contact_form = JoinContactForm(data, prefix="contact", initial=_contact_initial(request.user))
    declaration_form = JoinDeclarationForm(data)
    forms = [organisation_form, contact_form, declaration_form]
    refusal, status = None, 200
    # Every form is validated, not only up to the first invalid one, so all errors show at once.
    if data is not None and all([form.is_valid() for form in forms]):  # noqa: C419
        if declaration_form.is_from_a_bot:
            logger.info("Join form honeypot filled from %s", client_ip(request))
            return redirect("join:submitted")
        language = get_language()
        try:
            # Each application mails the coordinators and stores an organisation: limited like
            # every form that mails for a visitor, by the contact's address and the client.
            with mail_limits.reserve(request, to=contact_form.cleaned_data["email"]):
                services.membership_apply(
                    organisation_data=organisation_form.organisation_data(language=language),
                    sectors=organisation_form.cleaned_data["sectors"],
                    contact_data=contact_form.cleaned_data,
                    motivation=declaration_form.cleaned_data["motivation"],
                    declaration_text=declaration_form.declaration_text(),
                    consent_text=declaration_form.consent_text(),
                    ip_address=client_ip(request),
                    language=language,
                )
        except mail_limits.MailLimitReached as error:
            refusal, status = error.message, 429
        except ValidationError as error:
            add_service_errors(organisation_form, error)
        else:
            return redirect("join:submitted")
    return render(
        request,
        "members/join.html",
        {
            "organisation_form": organisation_form,
            "contact_form": contact_form,
            "declaration_form": declaration_form,
            "has_errors": any(form.errors for form in forms),
            "refusal": refusal,
        },
        status=status,
    )


@require_safe
def submitted(request):
    return render(request, "members/join_submitted.html")
