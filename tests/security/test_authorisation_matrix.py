"""Every URL of the URLconf against every persona, held to the expected table.

GET: the personas the table allows answer 200 (or the redirect it names); everyone else is sent
to log in or answered 403, 404 or 405. No page shows a persona the title of an object kept from
them (a draft, a council resolution, a members' event), token links aside. POST: an empty POST by
a persona the table does not allow is refused the same way and leaves every table's row count as
it was. No request answers 500.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import translation

from members.models import Person

from .access_table import MARKER_READERS, TABLE
from .rules import PERSONAS
from .world import LANGUAGE, MARKERS, client_as, url_cases

pytestmark = pytest.mark.django_db

# Answers that refuse: 302 only when it goes to a login page (checked apart); 400 and 410 are
# what token links answer for a token that is not valid; 401 is the REST API's answer to a
# request without credentials (it asks for a token, it does not send anyone to log in).
REFUSALS = {400, 401, 403, 404, 405, 410}
# Rows that come and go whoever asks: sessions, and django-axes' record of logins.
UNCOUNTED_TABLES = ("django_session", "axes_")


def _login_paths():
    with translation.override(LANGUAGE):
        return {reverse("account_login"), reverse("admin:login")}


def _goes_to_login(response, login_paths):
    return response.status_code == 302 and urlsplit(response["Location"]).path in login_paths


def _describe(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    exception = getattr(response, "exc_info", None)
    if exception:
        return f"{response.status_code} ({exception[1]!r})"
    return str(response.status_code)


def _row_counts():
    """Count the rows of every table in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.db_table.startswith(UNCOUNTED_TABLES)
        }
    )
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _leaks(response, persona):
    """Return the markers of objects kept from `persona` that a text response shows."""
    if not response.get("Content-Type", "").startswith(("text/", "application/xml")):
        return []
    # A downloaded file (FileResponse) streams its content.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content = body.decode(errors="replace")
    return sorted(
        name
        for name, marker in MARKERS.items()
        if persona not in MARKER_READERS[name] and marker in content
    )


def _changed(before, after):
    return {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }


class Session:
    """A persona's client, logged in again when a page logged it out (allauth does, by design,
    when a logged-in user opens someone else's e-mail confirmation link)."""

    def __init__(self, world, persona):
        self.world, self.persona = world, persona
        self.client = self._fresh()

    def _fresh(self):
        client = client_as(self.world, self.persona)
        client.raise_request_exception = False
        return client

    def request(self, method, path):
        response = getattr(self.client, method)(path)
        if (
            self.world.users[self.persona] is not None
            and "_auth_user_id" not in self.client.session
        ):
            self.client = self._fresh()
        return response


def _failures_message(persona, failures):
    return f"{len(failures)} unexpected answer(s) for {persona}:\n" + "\n".join(failures)


def test_the_table_covers_every_url_and_names_no_url_that_is_gone(world):
    keys = {case.key for case in url_cases(world)}
    missing = sorted(keys - TABLE.keys())
    gone = sorted(TABLE.keys() - keys)
    assert not missing, "add these URLs to tests/security/access_table.py:\n" + "\n".join(missing)
    assert not gone, "these URLs in access_table.py no longer exist:\n" + "\n".join(gone)


def test_every_marked_object_has_its_readers_in_the_table():
    assert MARKERS.keys() == MARKER_READERS.keys()


def test_a_url_the_world_cannot_fill_fails_with_its_name(world):
    del world.kwargs["panel:member_detail"]
    with pytest.raises(AssertionError, match="add kwargs for panel:member_detail to world.py"):
        url_cases(world)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_a_get_as_the_table_says(world, persona):
    session, login_paths, failures = Session(world, persona), _login_paths(), []
    for case in url_cases(world):
        rule = TABLE.get(case.key)
        if rule is None:
            continue  # reported by the coverage test
        response = session.request("get", case.path)
        status = response.status_code
        if persona in rule.get:
            leaks = [] if rule.by_token or status != 200 else _leaks(response, persona)
            ok = status == 200 and not leaks
            expected = f"200 without {', '.join(leaks)}" if leaks else "200"
        elif persona in rule.away:
            ok = status == 302 and not _goes_to_login(response, login_paths)
            expected = "a redirect, not to log in"
        else:
            ok = status in REFUSALS or _goes_to_login(response, login_paths)
            expected = "a refusal (log in, 403, 404, 405)"
        if not ok:
            failures.append(
                f"{case.key} [{persona}]: GET {case.path} answered {_describe(response)}, "
                f"expected {expected}"
            )
    assert not failures, _failures_message(persona, failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_empty_post_by_a_persona_not_allowed_is_refused_and_changes_nothing(world, persona):
    session, login_paths, failures = Session(world, persona), _login_paths(), []
    for case in url_cases(world):
        rule = TABLE.get(case.key)
        if rule is None or not case.accepts_post or persona in rule.posters:
            continue
        before = _row_counts()
        response = session.request("post", case.path)
        changed = _changed(before, _row_counts())
        refused = response.status_code in REFUSALS or _goes_to_login(response, login_paths)
        if not refused or changed:
            failures.append(
                f"{case.key} [{persona}]: POST {case.path} answered {_describe(response)}"
                + (f", rows changed {changed}" if changed else "")
            )
    assert not failures, _failures_message(persona, failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_empty_post_by_a_persona_allowed_never_answers_500(world, persona):
    session, failures = Session(world, persona), []
    for case in url_cases(world):
        rule = TABLE.get(case.key)
        if rule is None or not case.accepts_post or persona not in rule.posters:
            continue
        response = session.request("post", case.path)
        if response.status_code >= 500:
            failures.append(
                f"{case.key} [{persona}]: POST {case.path} answered {_describe(response)}"
            )
    assert not failures, _failures_message(persona, failures)


def test_removing_a_person_who_holds_a_proxy_is_refused_with_a_message_not_a_500(world):
    """Found by the matrix: deleting a person that a vote's record protects raised a 500."""
    person = world.objects["other_person"]
    client = client_as(world, "coordinator")
    with translation.override(LANGUAGE):
        path = reverse("panel:person_delete", kwargs={"pk": person.pk})

    response = client.post(path, follow=True)

    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    assert f"{person.full_name} took part in a vote" in response.content.decode()
