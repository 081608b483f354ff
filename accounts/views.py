import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import services
from .security import MFA_RETURN_SESSION_KEY


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, token):
    """Let an invited person set the password of their account, then log them in."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome to the portal."))
        return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invited_user": invitation.user}
    )


@login_required
def mfa_continue(request):
    """Go back to the page a coordinator opened before setting up two-factor authentication."""
    target = request.session.pop(MFA_RETURN_SESSION_KEY, None)
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("home")
    return redirect(target)


def lockout(request, original_response=None, credentials=None):
    """Answer a login axes locked out with a page saying how long to wait (its lockout callable)."""
    return lockout_page(
        request,
        failure_limit=settings.AXES_FAILURE_LIMIT,
        wait=settings.AXES_COOLOFF_TIME.total_seconds(),
    )


def lockout_page(request, *, wait, failure_limit=None):
    """Render the one answer to a locked-out login, whichever layer refused it: 429 and this page.

    `wait` is in seconds; `failure_limit` is the count of failures from one network that locked
    the account, when the refusing layer counts them so (axes does, allauth's limits do not).
    """
    return render(
        request,
        "account/lockout.html",
        {"failure_limit": failure_limit, "minutes": max(1, math.ceil(wait / 60))},
        status=429,
    )
