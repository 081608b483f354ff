"""The statistics as rows of a spreadsheet: section, figure, value."""

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .selectors import Statistics


def statistics_rows(stats: Statistics) -> list[list[Any]]:
    """Every figure of the statistics page, one row each, in the page's order."""
    members = _("Members")
    rows: list[list[Any]] = [
        [_("Period"), _("From"), date_format(stats.start, "Y-m-d")],
        [_("Period"), _("To"), date_format(stats.end, "Y-m-d")],
        [members, _("Members at the start"), stats.members_at_start],
        [members, _("Members at the end"), stats.members],
        [members, _("of which suspended"), stats.suspended],
        [members, _("Joined in the period"), len(stats.joined)],
        [members, _("Left in the period"), len(stats.left)],
    ]
    rows += [[_("Members by type"), str(row["label"]), row["members"]] for row in stats.by_kind]
    rows += [
        [_("Types of member (ECCP)"), str(row["label"]), row["members"]] for row in stats.by_type
    ]
    rows += [[_("Members by region"), str(row["label"]), row["members"]] for row in stats.by_region]
    rows += [[_("Members by sector"), str(row["label"]), row["members"]] for row in stats.by_sector]
    rows.append([_("Members by sector"), _("no sector given"), stats.without_sector])
    rows += [
        [_("Changes of membership status"), str(row["label"]), row["count"]]
        for row in stats.status_changes
    ]
    employment = stats.employment
    rows += [
        [_("Employment"), _("Employees reported"), employment["reported"]],
        [_("Employment"), _("Members that reported a number"), employment["reported_members"]],
        [_("Employment"), _("Employees estimated from ranges"), employment["estimated"]],
        [_("Employment"), _("Members estimated from a range"), employment["estimated_members"]],
        [_("Employment"), _("Members with no figure"), employment["unknown_members"]],
        [_("Management team"), _("People"), len(stats.team["people"])],
        [_("Management team"), _("FTE"), stats.team["fte"]],
    ]
    events = stats.events
    rows += [
        [_("Events"), _("Events held"), events["held"]],
        *([_("Events"), str(row["label"]), row["count"]] for row in events["by_kind"]),
        [_("Events"), _("Cancelled"), events["cancelled"]],
        [_("Events"), _("Registered participants"), events["registered"]],
        [_("Events"), _("Attended (checked in)"), events["attended"]],
        [_("Events"), _("Organisations taking part"), events["organisations"]],
    ]
    newsletter = stats.newsletter
    rows += [
        [_("Newsletter"), _("Confirmed subscribers at the end"), newsletter["confirmed"]],
        [_("Newsletter"), _("New subscribers"), newsletter["new"]],
        [_("Newsletter"), _("Unsubscribed"), newsletter["unsubscribed"]],
        [_("Newsletter"), _("Campaigns sent"), newsletter["campaigns"]],
        [_("Newsletter"), _("Messages sent"), newsletter["messages"]],
    ]
    cooperation = stats.cooperation
    rows += [
        [_("Cooperation"), _("Posts on the board"), cooperation["posts"]],
        *([_("Cooperation"), str(row["label"]), row["count"]] for row in cooperation["by_kind"]),
        [_("Cooperation"), _("Contacts"), cooperation["contacts"]],
        [_("Cooperation"), _("Joint purchase commitments"), cooperation["commitments"]],
    ]
    for row in stats.projects["by_status"]:
        rows.append([_("Projects"), str(row["label"]), row["count"]])
        for value in row["values"]:
            rows.append(
                [
                    _("Projects"),
                    _("%(status)s: budget (%(currency)s)")
                    % {"status": row["label"], "currency": value["currency"]},
                    value["budget"],
                ]
            )
    rows += [
        [_("Projects"), _("Started in the period"), stats.projects["started"]],
        [_("Agreements"), _("Signed in the period"), stats.agreements["signed"]],
        [_("Agreements"), _("In force at the end"), stats.agreements["in_force"]],
        [_("Governance"), _("Meetings held"), stats.governance["meetings_total"]],
        [_("Governance"), _("Resolutions adopted"), stats.governance["adopted"]],
    ]
    return rows
