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
        "minutes.drafted": _("Minutes drafted"),
        "minutes.redrafted": _("Minutes drafted again from the meeting"),
        "minutes.updated": _("Minutes changed"),
        "minutes.approved": _("Minutes approved"),
        "minutes.pdf_rendered": _("Minutes PDF produced"),
        "minutes.published": _("Minutes published to members"),
    },
    diff_actions={
        "meeting.updated",
        "agenda_item.updated",
        "minutes.drafted",
        "minutes.updated",
        "minutes.redrafted",
    },
)

# Attendance, proxies and votes at the meeting.
audit_labels_register(
    {
        "meeting_proxy.granted": _("Proxy for a meeting given"),
        "meeting_proxy.withdrawn": _("Proxy for a meeting withdrawn"),
        "attendance.checked_in": _("Checked in at the meeting"),
        "attendance.returned": _("Back at the meeting"),
        "attendance.left": _("Left the meeting"),
        "meeting.vote_recorded": _("Vote at the meeting recorded"),
        "meeting.election_quorum_recorded": _("Quorum at the election recorded"),
    },
    diff_actions={
        "meeting_proxy.granted",
        "meeting_proxy.withdrawn",
        "attendance.checked_in",
        "attendance.returned",
        "attendance.left",
        "meeting.vote_recorded",
        "meeting.election_quorum_recorded",
    },
)
