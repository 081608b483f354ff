from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = (
        "postattachment",
        "contact",
        "contactmessage",
        "purchasecommitment",
        "matchsubscription",
        "matchnotice",
    )
    page_cache_private_paths = ("cooperation/my/", "cooperation/contacts/", "cooperation/new/")
