from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The cluster's document library: folders, versions, who may read each folder."""

    name = "documents"
    verbose_name = _("Document library")
