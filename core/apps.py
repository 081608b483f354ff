from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        # Connects the page cache's receivers in every process, workers and commands included.
        from . import mail_limits, page_cache  # noqa: F401

        # An unreadable mail limit stops every process at start, not a visitor's form later.
        mail_limits.rates()
        # Each app's labels for the audit actions it writes.
        autodiscover_modules("audit_labels")
