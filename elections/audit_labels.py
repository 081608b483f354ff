"""Labels of the elections' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "election.created": _("Election created"),
        "election.updated": _("Election changed"),
        "election.cancelled": _("Election cancelled"),
        "election.candidate_nominated": _("Candidate nominated"),
        "election.candidate_consented": _("Candidate consented"),
        "election.candidate_declined": _("Candidate declined"),
        "election.nominations_closed": _("Nominations closed"),
        "election.voting_opened": _("Election voting opened"),
        "election.electorate_restricted": _("Members left out of the election by the statute"),
        "election.proxy_set": _("Election proxy set"),
        "election.ballot_cast": _("Election ballot cast"),
        "election.paper_totals_recorded": _("Paper ballot totals entered"),
        "election.closed": _("Election counted"),
        "election.runoff_created": _("Run-off created"),
        "election.results_pdf_rendered": _("Election results document produced"),
    },
    diff_actions={"election.updated"},
)
