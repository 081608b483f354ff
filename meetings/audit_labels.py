"""Labels of the meetings' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "meeting.created": _("Meeting created"),
        "meeting.updated": _("Meeting changed"),
        "meeting.convened": _("Meeting convened: notice sent"),
        "meeting.cancelled": _("Meeting cancelled"),
        "meeting.opened": _("Meeting opened"),
        "meeting.closed": _("Meeting closed"),
        "meeting.document_added": _("Meeting document added"),
        "meeting.document_removed": _("Meeting document removed"),
        "agenda_item.created": _("Agenda item added"),
        "agenda_item.updated": _("Agenda item changed"),
        "agenda_item.deleted": _("Agenda item removed"),
        "agenda_item.moved": _("Agenda item moved"),
    },
    diff_actions={"meeting.updated", "agenda_item.updated"},
)
