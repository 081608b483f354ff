"""Rate limits of the API in the Django cache: per token, per logged-in user, per address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.security import client_ip

from .permissions import token_of


class ApiRateThrottle(SimpleRateThrottle):
    """Count requests per token (each token its own budget), per session user, per address.

    The rates come from `API_RATE_LIMITS` when a request arrives, so settings may change them.
    """

    scope = "api"

    def __init__(self):
        # The rate depends on who asks; it is chosen in allow_request.
        pass

    def _who(self, request):
        token = token_of(request)
        if token is not None:
            return "token", str(token.pk)
        if request.user is not None and request.user.is_authenticated:
            return "user", str(request.user.pk)
        return "anonymous", client_ip(request) or "unknown"

    def allow_request(self, request, view):
        kind, ident = self._who(request)
        self.rate = settings.API_RATE_LIMITS[kind]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self._key = f"api-throttle:{kind}:{ident}"
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self._key
