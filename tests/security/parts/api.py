"""The security tests' part for the api app (see `parts/__init__.py`).

The REST API answers a session as it answers a token with every scope (tests/api holds the
matrix over tokens and scopes); the personal token pages are the user's own.
"""

import datetime

from django.utils import timezone

from api import services as api_services

from ..rules import (
    COORDINATOR,
    COUNCIL,
    LOGGED_IN,
    MEMBER_PEOPLE,
    MEMBERS,
    NOBODY,
    PUBLIC,
    REPRESENTATIVE,
    Rule,
    Variants,
)

TABLE: dict = {
    "api:schema": Rule(get=PUBLIC),
    "api:docs": Rule(get=PUBLIC),
    "api:me": Rule(get=LOGGED_IN),
    "api:members": Rule(get=PUBLIC),
    "api:member[active]": Rule(get=PUBLIC),
    "api:member[suspended]": Rule(get=NOBODY),
    "api:events": Rule(get=PUBLIC),
    "api:event[public]": Rule(get=PUBLIC),
    "api:event[members]": Rule(get=MEMBERS),
    "api:event[draft]": Rule(get=NOBODY),
    # Only a member's person registers through the API; the others are refused with a reason.
    "api:event_register": Rule(get=NOBODY, post=MEMBER_PEOPLE),
    "api:my_registrations": Rule(get=LOGGED_IN),
    # The employee's own registration: nobody else finds it.
    "api:registration_cancel": Rule(get=NOBODY, post=frozenset({"employee"})),
    "api:news": Rule(get=PUBLIC),
    "api:article[public]": Rule(get=PUBLIC),
    "api:article[draft]": Rule(get=NOBODY),
    "api:resolutions": Rule(get=PUBLIC),
    "api:resolution[public]": Rule(get=PUBLIC),
    "api:resolution[council]": Rule(get=COUNCIL),
    "api:resolution[draft]": Rule(get=NOBODY),
    "api:partners": Rule(get=PUBLIC),
    "api:partner": Rule(get=PUBLIC),
    "api:projects": Rule(get=PUBLIC),
    "api:project[public]": Rule(get=PUBLIC),
    "api:project[members]": Rule(get=MEMBERS),
    "api:offers": Rule(get=PUBLIC),
    "api:offer[public]": Rule(get=PUBLIC),
    "api:offer[members]": Rule(get=MEMBERS),
    "api:offer[hidden]": Rule(get=NOBODY),
    "api:my_organisation": Rule(get=REPRESENTATIVE),
    "api:coordinator_organisations": Rule(get=COORDINATOR),
    "api:coordinator_people": Rule(get=COORDINATOR),
    "api:coordinator_registrations": Rule(get=COORDINATOR),
    "api:coordinator_subscribers": Rule(get=COORDINATOR),
    "api:not_found": Rule(get=NOBODY),
    "api_tokens:list": Rule(get=LOGGED_IN),
    "api_tokens:create": Rule(get=LOGGED_IN),
    # The representative's token: another user's revoke answers 404.
    "api_tokens:revoke": Rule(get=NOBODY, post=REPRESENTATIVE),
}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {
    "api:event_register": "a JSON endpoint of the REST API (tests/api posts to it)",
    "api:registration_cancel": "a JSON endpoint of the REST API (tests/api posts to it)",
    "api:not_found": "any other path under /api/ answers a JSON 404 to every method",
}
EXTRA_PAGES: tuple = ()


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """The representative's personal token, for its revoke URL."""
    token, secret = api_services.api_token_create(
        user=representative,
        name="CRM",
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        actor=representative,
        second_factor_passed=False,
    )
    world.objects["api_token"] = token
    world.objects["api_token_secret"] = secret


def url_kwargs(objects):
    o = objects
    return {
        "api:member": Variants(
            active={"key": o["represented_organisation"].slug},
            suspended={"key": o["suspended_organisation"].slug},
        ),
        "api:event": Variants(
            public={"key": o["public_event"].slug},
            members={"key": o["members_event"].slug},
            draft={"key": o["draft_event"].slug},
        ),
        "api:event_register": {"key": o["public_event"].slug},
        "api:registration_cancel": {"key": o["registration"].pk},
        "api:article": Variants(
            public={"key": o["article"].slug}, draft={"key": o["draft_article"].slug}
        ),
        "api:resolution": Variants(
            public={"key": o["public_resolution"].pk},
            council={"key": o["council_resolution"].pk},
            draft={"key": o["draft_resolution"].pk},
        ),
        "api:partner": {"key": o["partner"].slug},
        "api:project": Variants(
            public={"key": o["public_project"].slug},
            members={"key": o["members_project"].slug},
        ),
        "api:offer": Variants(
            public={"key": o["public_post"].pk},
            members={"key": o["members_post"].pk},
            hidden={"key": o["hidden_post"].pk},
        ),
        "api:not_found": {"rest": "v1/no-such-endpoint/"},
        "api_tokens:revoke": {"pk": o["api_token"].pk},
    }
