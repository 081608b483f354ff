from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    # Every page is for members; the anonymous page cache stores none of them.
    page_cache_private_paths = ("meetings/",)
