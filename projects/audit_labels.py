"""Labels of the projects' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "funding_call.created": _("Funding call recorded"),
        "funding_call.updated": _("Funding call changed"),
        "funding_call.deleted": _("Funding call removed"),
        "funding_call.reminder_sent": _("Deadline reminder sent"),
        "project_idea.submitted": _("Project idea submitted"),
        "project_idea.declined": _("Project idea declined"),
        "project_idea.accepted": _("Project idea turned into a project"),
        "project.created": _("Project recorded"),
        "project.updated": _("Project changed"),
        "project.status_changed": _("Project status changed"),
        "project_partner.added": _("Partner added to a project"),
        "project_partner.updated": _("Project partner changed"),
        "project_partner.removed": _("Partner removed from a project"),
        "project_document.uploaded": _("Project document uploaded"),
        "project_document.deleted": _("Project document removed"),
    },
    diff_actions={
        "funding_call.updated",
        "project.updated",
        "project.status_changed",
        "project_partner.updated",
    },
)
