"""A user's personal API tokens, in their account: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.security import request_lacks_required_mfa
from core.forms import add_service_errors

from . import selectors, services
from .forms import ApiTokenForm
from .models import ApiToken


@login_required
@require_safe
def token_list(request):
    return render(
        request,
        "api/tokens.html",
        {"tokens": selectors.api_tokens_of(user=request.user), "scopes": ApiToken.Scope},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_create(request):
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
                actor=request.user,
                # The portal asks coordinators for two-factor authentication at login; a
                # session of theirs without it cannot give a token their powers.
                second_factor_passed=not request_lacks_required_mfa(request, always=True),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The secret is shown on this answer only: it is stored hashed, never again readable.
            response = render(request, "api/token_created.html", {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = selectors.api_token_of(user=request.user, pk=pk)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
