"""Personas, clients and the rules for tests that need PostgreSQL, Redis or Chromium.

On a developer's machine such tests are skipped with the reason; in CI (CI=true) a missing service
fails them instead, so CI never passes by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from members.models import Person

from .factories import (
    CouncilSeatFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    active_member,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# The Nu HTML Checker and axe-core, pinned in tools/package.json: `npm ci --prefix tools`.
EXTERNAL_TOOLS = Path(__file__).resolve().parent.parent / "tools" / "node_modules"
VNU_JAR = EXTERNAL_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = EXTERNAL_TOOLS / "axe-core" / "axe.min.js"


def _database_description():
    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        location = f"{db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}"
        return f"PostgreSQL ({location}, test database test_{db['NAME']})"
    return "SQLite (embedded default)"


def _broker_description():
    return f"Redis ({settings.REDIS_URL})" if settings.REDIS_URL else "none: tasks run eagerly"


def pytest_report_header(config):
    return [
        f"database: {_database_description()}",
        f"broker: {_broker_description()}",
        f"browser: {CHROMIUM if os.path.exists(CHROMIUM) else 'no Chromium found'}",
        f"CI: {'yes: tests needing a service never skip' if IN_CI else 'no'}",
    ]


def _missing(reason):
    if IN_CI:
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_requirements(request):
    if (
        request.node.get_closest_marker("postgres")
        and "postgresql" not in settings.DATABASES["default"]["ENGINE"]
    ):
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        _missing("needs Redis and a Celery worker: set REDIS_URL=redis://...")
    if request.node.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        _missing(f"needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    if request.node.get_closest_marker("external") and not (
        VNU_JAR.exists() and AXE_JS.exists() and shutil.which("java")
    ):
        _missing("needs Java and the checkers in tools/node_modules: make tools")


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Run each test in English, whatever language an earlier request left active in the thread.

    Requests still speak the language of their URL; services called directly speak English, the
    language the tests' expected messages are written in.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache, so no page stored by an earlier test is served."""
    from django.core.cache import cache

    from core.page_cache import forget_process_memos

    cache.clear()
    forget_process_memos()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Keep each test's private documents (scans, generated PDFs) in a folder of its own."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


# --- Personas -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    """The cluster office, with the authenticator app UserFactory turns on for coordinators."""
    return UserFactory(email="coordinator@example.com", is_coordinator=True)


@pytest.fixture
def representative(db):
    """A user who is the primary representative of an active member."""
    user = UserFactory(email="representative@example.com")
    active_member(user=user, name="Reprezentowana Sp. z o.o.", slug="reprezentowana")
    return user


@pytest.fixture
def represented_organisation(representative):
    return representative.person.organisation


@pytest.fixture
def employee(represented_organisation):
    """A user working for the representative's organisation, without the representative role."""
    user = UserFactory(email="employee@example.com")
    PersonFactory(
        organisation=represented_organisation,
        user=user,
        email=user.email,
        role=Person.Role.EMPLOYEE,
    )
    return user


@pytest.fixture
def council_member(db):
    """A user on the Cluster Council, working for another active member."""
    user = UserFactory(email="council@example.com")
    organisation = active_member(name="Rada Sp. z o.o.", slug="rada")
    person = PersonFactory(organisation=organisation, user=user, email=user.email)
    CouncilSeatFactory(person=person)
    return user


@pytest.fixture
def outsider(db):
    """A user with an account and no role: no person, no organisation."""
    return UserFactory(email="outsider@example.com")


@pytest.fixture
def other_organisation(db):
    return active_member(name="Inna Firma S.A.", slug="inna-firma")


@pytest.fixture
def applicant(db):
    organisation = OrganisationFactory(name="Kandydat Sp. z o.o.", slug="kandydat")
    contact = PersonFactory(organisation=organisation, role=Person.Role.REPRESENTATIVE)
    organisation.primary_representative = contact
    organisation.save()
    return organisation


@pytest.fixture
def client_for(client):
    """Return a test client logged in as the given user (or anonymous for None)."""

    def log_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return log_in


@pytest.fixture
def query_count():
    """Count the queries a callable runs."""
    from django.test.utils import CaptureQueriesContext

    def count(callable_):
        with CaptureQueriesContext(connection) as context:
            callable_()
        return len(context.captured_queries)

    return count
