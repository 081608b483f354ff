"""Labels of the registry's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "organisation.created": _("Organisation registered"),
        "organisation.imported": _("Organisation imported from a CSV file"),
        "organisation.updated": _("Organisation data changed"),
        "organisation.status_changed": _("Membership status changed"),
        "organisation.primary_representative_set": _("Primary representative set"),
        "membership.applied": _("Application to join submitted"),
        "person.created": _("Person added"),
        "person.updated": _("Person's data changed"),
        "person.deleted": _("Person removed"),
        "person.invited": _("Person invited to the portal"),
        "person.linked_to_account": _("Person linked to an existing account"),
        "action_group.created": _("Action group created"),
        "action_group.updated": _("Action group changed"),
        "sector.created": _("Sector created"),
        "sector.updated": _("Sector changed"),
        "competence.created": _("Competence added to the vocabulary"),
        "competence.updated": _("Competence changed"),
        "competence.deleted": _("Competence removed from the vocabulary"),
        "council_seat.added": _("Council seat added"),
        "council_seat.ended": _("Council term ended"),
        "council_seat.chair_set": _("Council chair elected"),
        "council_seat.chair_ended": _("Council chair handed over"),
    },
    diff_actions={
        "organisation.updated",
        "organisation.status_changed",
        "organisation.primary_representative_set",
        "person.updated",
        "action_group.created",
        "action_group.updated",
        "sector.created",
        "sector.updated",
        "competence.created",
        "competence.updated",
        "council_seat.ended",
    },
    fields={
        "sectors": _("sectors"),
        "competences": _("competences"),
        "organisations": _("organisations"),
        "reason": _("reason"),
        "contact": _("contact person"),
        "ip_address": _("IP address"),
        "primary_representative": _("primary representative"),
    },
)
