"""Labels of the events' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "event.created": _("Event created"),
        "event.updated": _("Event changed"),
        "event.published": _("Event published"),
        "event.cancelled": _("Event cancelled"),
        "event.attendance_list_requested": _("Attendance list requested"),
        "event.certificates_requested": _("Certificates of attendance requested"),
        "registration.created": _("Registration received"),
        "registration.cancelled": _("Registration cancelled"),
        "registration.promoted": _("Moved up from the waiting list"),
        "registration.attendance": _("Attendance recorded"),
    },
    diff_actions={"event.updated"},
)
