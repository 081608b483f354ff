"""Labels of the news' and newsletter's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "article.created": _("Article written"),
        "article.updated": _("Article changed"),
        "article.published": _("Article published"),
        "page.created": _("Page created"),
        "page.updated": _("Page changed"),
        "campaign.created": _("Newsletter campaign prepared"),
        "campaign.updated": _("Newsletter campaign changed"),
        "campaign.scheduled": _("Newsletter campaign scheduled"),
        "campaign.unscheduled": _("Newsletter campaign taken off the schedule"),
        "campaign.test_sent": _("Test newsletter sent"),
        "campaign.started": _("Newsletter campaign sending"),
        "subscriber.requested": _("Newsletter subscription requested"),
        "subscriber.confirmed": _("Newsletter subscription confirmed"),
        "subscriber.preferences_changed": _("Newsletter preferences changed"),
        "subscriber.unsubscribed": _("Unsubscribed from the newsletter"),
    },
    diff_actions={"article.updated", "page.updated", "campaign.updated"},
)
