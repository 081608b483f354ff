from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data rights: export, erasure and retention."""

    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from .handling import register_all

        register_all()
