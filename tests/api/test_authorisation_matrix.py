"""The authorisation matrix over the REST API: every endpoint × every persona, with tokens.

A token with every scope its user may hold gets what that user's session gets on the pages
(the rules are the security table's, tests/security/parts/api.py); an object kept from a persona
never shows in a JSON answer (its marker). A new API route fails here until the table has it.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security.access_table import MARKER_READERS, TABLE
from tests.security.rules import PERSONAS
from tests.security.world import (
    LANGUAGE,
    MARKERS,
    UrlCase,
    Variants,
    _methods_of,
    build_world,
    walk_urlconf,
)

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db

# What the API answers a persona it refuses: no token (401), no role or scope (403), an object
# out of reach (404), a method the endpoint does not take (405), a refused registration (400).
API_REFUSALS = {400, 401, 403, 404, 405}


def api_cases(world):
    """One case per API route (and variant), from the URLconf: a route without kwargs fails."""
    cases, seen = [], set()
    for name, _route, callback in walk_urlconf():
        if not name.startswith("api:") or name in seen:
            continue
        seen.add(name)
        given = world.kwargs.get(name)
        variants = given if isinstance(given, Variants) else {"": given or {}}
        for variant, kwargs in variants.items():
            with translation.override(LANGUAGE):
                path = reverse(name, kwargs=kwargs)
            cases.append(
                UrlCase(name=name, variant=variant, path=path, methods=_methods_of(callback))
            )
    return cases


@pytest.fixture
def world(outsider, employee, representative, council_member, coordinator):
    return build_world(
        outsider=outsider,
        employee=employee,
        representative=representative,
        council_member=council_member,
        coordinator=coordinator,
    )


def _leaks(response, persona):
    content = response.content.decode(errors="replace")
    return sorted(
        name
        for name, marker in MARKERS.items()
        if persona not in MARKER_READERS[name] and marker in content
    )


def test_every_api_route_is_in_the_table(world):
    names = {name for name, _route, _callback in walk_urlconf() if name.startswith("api:")}
    keys = {case.key for case in api_cases(world)}
    missing = sorted(keys - TABLE.keys())
    assert names, "the API has no routes"
    assert not missing, "add these API routes to tests/security/parts/api.py:\n" + "\n".join(
        missing
    )


def test_every_endpoint_answers_each_persona_with_a_token_as_the_table_says(world):
    clients = {}
    for persona in PERSONAS:
        user = world.users[persona]
        clients[persona] = bearer(make_token(user)[1]) if user is not None else bearer("")
    clients["anonymous"].defaults.pop("HTTP_AUTHORIZATION")
    failures, checked = [], 0
    for case in api_cases(world):
        rule = TABLE[case.key]
        if case.methods is not None and "GET" not in case.methods:
            continue
        for persona in PERSONAS:
            response = clients[persona].get(case.path)
            checked += 1
            status = response.status_code
            if persona in rule.get:
                leaks = _leaks(response, persona) if status == 200 else []
                if status != 200 or leaks:
                    failures.append(f"{case.key} [{persona}]: {status}, leaks {leaks}")
            elif status not in API_REFUSALS:
                failures.append(f"{case.key} [{persona}]: {status}, expected a refusal")
            elif status in (401, 403, 404):
                assert response["Content-Type"] == "application/json"
    assert checked > 100
    assert not failures, "\n".join(failures)


def test_list_endpoints_never_show_a_persona_what_is_kept_from_them(world):
    """The lists, page by page as a client walks them, leak no marked object."""
    failures = []
    for persona in PERSONAS:
        user = world.users[persona]
        client = bearer(make_token(user)[1]) if user is not None else None
        for case in api_cases(world):
            if case.variant or TABLE[case.key].get != TABLE["api:events"].get:
                continue
            if client is None:
                response = Client().get(case.path, {"page_size": 100})
            else:
                response = client.get(case.path, {"page_size": 100})
            assert response.status_code == 200, case.key
            if leaks := _leaks(response, persona):
                failures.append(f"{case.key} [{persona}]: {leaks}")
    assert not failures, "\n".join(failures)


def test_a_members_only_object_shows_in_a_members_list_and_not_in_the_public_one(world):
    """The leak check has teeth: the members' event is listed for the employee only."""
    employee = bearer(make_token(world.users["employee"])[1])
    marker = MARKERS["members_event"]
    assert marker in employee.get("/api/v1/events/").content.decode()
    assert marker not in Client().get("/api/v1/events/").content.decode()
