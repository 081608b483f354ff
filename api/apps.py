from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API at /api/v1/ with its OpenAPI schema and personal tokens."""

    name = "api"
    verbose_name = _("API")
    # The token pages are one's own; the API answers JSON, which the page cache never stores.
    page_cache_private_paths = ("accounts/api-tokens/", "api/")

    def ready(self):
        # The OpenAPI description of the personal tokens (drf-spectacular finds it by import).
        from . import authentication  # noqa: F401
