from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Questionnaires sent to members' representatives: one response per organisation."""

    name = "surveys"
    verbose_name = _("Surveys")
