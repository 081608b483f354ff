from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ("projectdocument", "projectidea", "callreminder")
    page_cache_private_paths = ("projects/ideas/",)

    def ready(self):
        from .indicators import register

        register()
