"""The attendance section of a meeting's page: the quorum, the user's proxy and online check-in."""

from django import template

from meetings import attendance
from meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("meetings/attendance_section.html", takes_context=True)
def attendance_section(context, meeting):
    user = context["request"].user
    organisation = attendance.entitled_organisation(meeting=meeting, user=user)
    shown = meeting.status in (Meeting.Status.IN_SESSION, Meeting.Status.CLOSED)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "quorum": attendance.quorum_of(meeting=meeting) if shown else None,
        "clerk": attendance.may_keep_register(user=user, meeting=meeting),
        "organisation": organisation,
        "proxy": attendance.proxy_of(meeting=meeting, organisation=organisation)
        if organisation is not None
        else None,
        "proxies_open": organisation is not None
        and meeting.status in attendance.PROXY_STATUSES
        and meeting.body.electorate == "members",
        "may_check_in_online": attendance.may_check_in_online(meeting=meeting, user=user),
    }
