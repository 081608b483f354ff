from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The cluster's document library: folders, versions, who may read each folder."""

    name = "documents"
    verbose_name = _("Document library")
    # What the anonymous page cache watches and never stores (core/page_cache.py): every page of
    # the library depends on who asks, and downloads are never stored.
    page_cache_watched = True
    page_cache_ignored_models = ("documentnotice", "noticeoptout")
    page_cache_private_paths = ("documents/",)
