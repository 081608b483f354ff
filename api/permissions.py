"""Who may call an endpoint: the scope a token needs, and the roles of the pages."""

from allauth.mfa.models import Authenticator
from rest_framework import permissions

from accounts import roles as account_roles
from accounts.security import mfa_required

from .models import ApiToken


def token_of(request):
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class TokenScope(permissions.BasePermission):
    """A token needs the view's `required_scope`; a session or an anonymous visitor needs none
    (the view's other permissions and selectors decide what they get)."""

    message = "This token lacks the scope this endpoint needs."

    def has_permission(self, request, view):
        token = token_of(request)
        if token is None:
            return True
        scope = view.required_scope
        if request.method not in permissions.SAFE_METHODS:
            scope = getattr(view, "write_scope", scope)
        return token.has_scope(scope)


class IsCoordinator(permissions.BasePermission):
    """The coordinator's registry: a coordinator, whose account still has its authenticator app
    when the portal requires one (a token keeps the powers of the pages, not more)."""

    def has_permission(self, request, view):
        user = request.user
        if not account_roles.is_coordinator(user):
            return False
        if token_of(request) is not None and mfa_required(user):
            return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        return True
