"""What needs the cluster office's attention across the portal, for the panel's dashboard."""

from typing import Any

from agreements import selectors as agreement_selectors
from cooperation import selectors as cooperation_selectors
from events import selectors as event_selectors
from meetings import selectors as meeting_selectors
from news import selectors as news_selectors
from projects import selectors as project_selectors
from projects.models import ProjectIdea
from resolutions import selectors as resolution_selectors

DASHBOARD_ROWS = 5


def portal_summary() -> dict[str, Any]:
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
    }
