"""The home page: the cluster at a glance, composed from every app's selectors."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from agreements import selectors as agreement_selectors
from core.lazy import lazy_values
from events import selectors as event_selectors
from members import selectors as member_selectors
from news import selectors as news_selectors


@require_safe
def home(request):
    return render(
        request,
        "home.html",
        lazy_values(
            lambda: {
                "stats": member_selectors.public_statistics(),
                "newest_members": member_selectors.newest_members(),
                "latest_articles": news_selectors.articles_latest(3),
                "upcoming_events": event_selectors.events_upcoming_public(3),
                "partners": agreement_selectors.partners_in_force()[:12],
            },
            "stats",
            "newest_members",
            "latest_articles",
            "upcoming_events",
            "partners",
        ),
    )
