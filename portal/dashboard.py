"""What needs the cluster office's attention across the portal, for the panel's dashboard."""

from typing import Any

from django.utils import timezone

from agreements import selectors as agreement_selectors
from cooperation import selectors as cooperation_selectors
from events import selectors as event_selectors
from fees import selectors as fee_selectors
from meetings import selectors as meeting_selectors
from news import selectors as news_selectors
from projects import selectors as project_selectors
from projects.models import ProjectIdea
from reports import selectors as report_selectors
from resolutions import selectors as resolution_selectors
from surveys import selectors as survey_selectors

DASHBOARD_ROWS = 5
# A label is named on the dashboard from its first reminder on (reports' LABEL_REMINDER_DAYS).
LABEL_WARNING_DAYS = max(report_selectors.LABEL_REMINDER_DAYS)


def portal_summary() -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "open_votes": list(resolution_selectors.votes_open()[:DASHBOARD_ROWS]),
        "upcoming_events": list(event_selectors.events_upcoming_for_panel()[:DASHBOARD_ROWS]),
        "expiring_agreements": list(agreement_selectors.agreements_expiring()[:DASHBOARD_ROWS]),
        "subscriber_counts": news_selectors.subscriber_counts(),
        "posts_pending": cooperation_selectors.posts_pending_count(),
        "ideas_waiting": project_selectors.ideas_for_panel(
            status=ProjectIdea.Status.SUBMITTED
        ).count(),
        "call_deadlines": list(
            project_selectors.calls_upcoming().order_by("deadline")[:DASHBOARD_ROWS]
        ),
        "next_meetings": list(meeting_selectors.meetings_upcoming()[:DASHBOARD_ROWS]),
        "fees": fee_selectors.fees_attention(on=today),
        "open_surveys": list(survey_selectors.surveys_open(now=now)[:DASHBOARD_ROWS]),
        "label_warning_days": LABEL_WARNING_DAYS,
        "labels_ending": list(
            report_selectors.labels_ending(today=today, within_days=LABEL_WARNING_DAYS)
        ),
    }
