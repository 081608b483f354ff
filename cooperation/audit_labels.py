"""Labels of the cooperation app's audit actions, as the panel shows them.

Each part of the app adds its own block: the board here, then contacts, matching and joint
purchases.
"""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

# --- The board ----------------------------------------------------------------------------------
audit_labels_register(
    {
        "post.created": _("Post created"),
        "post.updated": _("Post changed"),
        "post.published": _("Post published"),
        "post.sent_for_approval": _("Post sent back for approval"),
        "post.approved": _("Post approved"),
        "post.hidden": _("Post hidden by the coordinator"),
        "post.unhidden": _("Post shown again by the coordinator"),
        "post.withdrawn": _("Post withdrawn"),
        "post.fulfilled": _("Post marked fulfilled"),
        "post.expired": _("Post expired"),
        "post.attachment_added": _("Attachment added to a post"),
        "post.attachment_removed": _("Attachment removed from a post"),
        "board.settings_changed": _("Board settings changed"),
    },
    diff_actions={"post.updated", "board.settings_changed"},
)

# --- Joint purchases ----------------------------------------------------------------------------
audit_labels_register(
    {
        "purchase.joined": _("Joined a joint purchase"),
        "purchase.commitment_changed": _("Joint purchase commitment changed"),
        "purchase.commitment_withdrawn": _("Joint purchase commitment withdrawn"),
        "purchase.closed": _("Joint purchase closed with an outcome"),
        "purchase.cancelled": _("Joint purchase cancelled"),
    },
    diff_actions={"purchase.commitment_changed"},
)

# --- Contacts and matching ----------------------------------------------------------------------
audit_labels_register(
    {
        "contact.started": _("Contact started from a post (“I'm interested”)"),
        "contact.message_sent": _("Message sent in a conversation about a post"),
        "match_subscription.changed": _("Notifications of matching posts changed"),
        "match_subscription.unsubscribed": _("Unsubscribed from notifications of matching posts"),
    }
)
