"""What a meeting's page shows of minutes: its own, and the earlier ones it approves."""

from django import template

from meetings import selectors
from meetings.minutes_forms import MinutesApproveForm
from meetings.models import Minutes

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_state(context, meeting):
    """Return the meeting's minutes as the reader may see them and what they may do with them.

    Draft minutes are shown to the secretary and the coordinator only; approved ones to everyone
    who sees the meeting. The chair (or the coordinator) gets a form per agenda item approving
    earlier minutes while the meeting is in session or closed.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    may_edit = selectors.may_edit_minutes(user=user, meeting=meeting)
    may_run = selectors.may_run_meeting(user=user, meeting=meeting)
    approvals = []
    if meeting.status in ("in_session", "closed"):
        for item in selectors.minutes_items_to_approve(meeting=meeting):
            approvals.append(
                {
                    "item": item,
                    "minutes": item.earlier_minutes,
                    "form": MinutesApproveForm(item=item) if may_run else None,
                }
            )
    return {
        "minutes": minutes,
        "shown": minutes is not None and (minutes.status == Minutes.Status.APPROVED or may_edit),
        "may_edit": may_edit,
        "may_draft": may_edit and meeting.status in ("in_session", "closed"),
        "approvals": approvals,
    }
