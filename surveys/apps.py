from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Questionnaires sent to members' representatives: one response per organisation."""

    name = "surveys"
    verbose_name = _("Surveys")
    # Members' pages only: the anonymous page cache never stores them (core/page_cache.py).
    page_cache_watched = False
    page_cache_private_paths = ("surveys/",)
