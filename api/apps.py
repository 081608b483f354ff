from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API at /api/v1/ with its OpenAPI schema and personal tokens."""

    name = "api"
    verbose_name = _("API")
