"""What needs the cluster office's attention across the portal, for the panel's dashboard."""

from typing import Any

from agreements import selectors as agreement_selectors
from events import selectors as event_selectors
from news import selectors as news_selectors
from resolutions import selectors as resolution_selectors

DASHBOARD_ROWS = 5


def portal_summary() -> dict[str, Any]:
    return {
        "open_votes": list(resolution_selectors.votes_open()[:DASHBOARD_ROWS]),
        "upcoming_events": list(event_selectors.events_upcoming_for_panel()[:DASHBOARD_ROWS]),
        "expiring_agreements": list(agreement_selectors.agreements_expiring()[:DASHBOARD_ROWS]),
        "subscriber_counts": news_selectors.subscriber_counts(),
    }
