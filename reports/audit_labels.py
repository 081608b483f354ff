"""Labels of the reports app's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "cluster_profile.updated": _("Cluster profile changed"),
        "team_member.created": _("Management team member added"),
        "team_member.updated": _("Management team member changed"),
        "team_member.deleted": _("Management team member removed"),
        "cluster_label.created": _("Cluster label recorded"),
        "cluster_label.updated": _("Cluster label changed"),
        "cluster_label.deleted": _("Cluster label removed"),
        "cluster_label.reminder_sent": _("Label expiry reminder sent"),
        "indicator_value.recorded": _("Indicator value recorded"),
        "indicator_value.deleted": _("Indicator value removed"),
        "indicator_value.computed": _("Indicator value computed"),
        "indicator_target.created": _("Indicator target path set"),
        "indicator_target.updated": _("Indicator target path changed"),
        "indicator_target.deleted": _("Indicator target path removed"),
        "annual_report.requested": _("Annual report requested"),
        "annual_report.prepared": _("Annual report prepared"),
    }
)
