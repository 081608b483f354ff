"""schemathesis against the live schema: every operation of /api/schema/, for a visitor without a
token and for a coordinator's token with every scope, answers without a server error, with a
status code the schema documents, and a body that matches the schema.

Generated cases are derandomized (the same examples on every run) and bounded per operation, so
the test is repeatable and runs in well under two minutes.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agreements.models import Agreement
from tests.agreements.factories import PartnerFactory, make_agreement
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, active_member
from tests.news.conftest import ArticleFactory, SubscriberFactory

from .conftest import make_token

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def wsgi_app():
    """The portal's WSGI application, sharing the test's database connection.

    Django closes a connection at the end of each request, which would end the test's
    transaction; the test client turns that off for its requests, and so does this.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def content(representative, coordinator):
    """Something in every list: events, news, members, people, partners, subscribers."""
    from events.models import Event

    organisation = representative.person.organisation
    EventFactory(audience=Event.Audience.PUBLIC, title_en="Open seminar")
    EventFactory(audience=Event.Audience.MEMBERS)
    ArticleFactory(title_en="News")
    active_member(name="Druga Sp. z o.o.", slug="druga")
    PersonFactory(organisation=organisation)
    SubscriberFactory(email="reader@example.org")
    partner = PartnerFactory(slug="partner")
    make_agreement(partners=[partner], status=Agreement.Status.IN_FORCE)
    return organisation


def _run(schema, headers):
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collected and reported together below
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    return failures


def test_the_schema_holds_for_a_visitor_without_a_token(wsgi_app, content):
    schema = openapi.from_wsgi("/api/schema/?format=json", wsgi_app)

    failures = _run(schema, headers={})

    assert len(list(schema.get_all_operations())) >= 20
    assert not failures, "\n\n".join(failures)


def test_the_schema_holds_for_a_coordinator_token(wsgi_app, content, coordinator):
    _token, secret = make_token(coordinator)
    schema = openapi.from_wsgi("/api/schema/?format=json", wsgi_app)

    failures = _run(schema, headers={"Authorization": f"Bearer {secret}"})

    assert not failures, "\n\n".join(failures)
