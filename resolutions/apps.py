from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions and votes")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ()

    def ready(self):
        from accounts.security import mfa_required_for
        from members.roles import is_council_chair

        # The chair drafts and deletes resolutions and opens and closes votes early.
        mfa_required_for(is_council_chair)
