"""Labels of governance's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "governing_body.created": _("Governing body created"),
        "governing_body.updated": _("Governing body changed"),
        "resolution.drafted": _("Draft resolution written"),
        "resolution.updated": _("Draft resolution changed"),
        "resolution.draft_deleted": _("Draft resolution deleted"),
        "resolution.vote_opened": _("Vote opened"),
        "resolution.electorate_restricted": _("Members left out of the vote by the statute"),
        "resolution.vote_closed": _("Vote closed"),
        "resolution.meeting_vote_recorded": _("Meeting vote recorded"),
        "resolution.pdf_rendered": _("Resolution document produced"),
        "ballot.cast": _("Vote cast"),
        "ballot.changed": _("Vote changed"),
        "proxy.granted": _("Proxy granted"),
        "proxy.withdrawn": _("Proxy withdrawn"),
        "strategy.created": _("Strategy written"),
        "strategy.updated": _("Strategy changed"),
        "strategic_goal.created": _("Strategic goal added"),
        "strategic_goal.updated": _("Strategic goal changed"),
        "operational_plan.created": _("Operational plan written"),
        "operational_plan.updated": _("Operational plan changed"),
        "plan_item.created": _("Plan item added"),
        "plan_item.updated": _("Plan item changed"),
        "plan_item.indicator_refreshed": _("Indicator's value computed from the register"),
    },
    diff_actions={
        "governing_body.updated",
        "resolution.updated",
        "strategy.updated",
        "strategic_goal.updated",
        "operational_plan.updated",
        "plan_item.updated",
    },
)
