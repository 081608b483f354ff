"""Labels of the surveys app's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "survey.created": _("Survey created"),
        "survey.updated": _("Survey changed"),
        "survey.section_saved": _("Survey section saved"),
        "survey.section_deleted": _("Survey section deleted"),
        "survey.question_saved": _("Survey question saved"),
        "survey.question_deleted": _("Survey question deleted"),
        "survey.sent": _("Survey sent to the members"),
        "survey.response_submitted": _("Survey response submitted"),
        "survey.response_changed": _("Submitted survey response changed"),
        # Translators: the trail names who submitted for the organisation, never the answers.
        "survey.anonymous_submitted": _("Anonymous survey submitted"),
    },
    diff_actions={"survey.updated", "survey.section_saved", "survey.question_saved"},
)
