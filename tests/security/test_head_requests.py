"""HEAD is answered wherever GET is: uptime monitors and link checkers send HEAD (issue 12).

Every URL of the URLconf that takes a GET (world.url_cases) is asked with GET and then with HEAD,
by a visitor, a representative and the coordinator: HEAD must answer what GET answered (the same
redirect too), with no body.
"""

import pytest

from .world import client_as, url_cases

pytestmark = pytest.mark.django_db

PERSONAS_ASKING = ("anonymous", "representative", "coordinator")


def _answer(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


def _body(response):
    if response.streaming:
        # Reading it to the end closes it the test client's way; closing it again would fire
        # request_finished and close the test's database connection (on PostgreSQL).
        return b"".join(response.streaming_content)
    return response.content


def _fresh_client(world, persona):
    client = client_as(world, persona)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("persona", PERSONAS_ASKING)
def test_every_page_answers_head_as_it_answers_get(world, persona):
    failures = []
    for case in url_cases(world):
        if case.methods is not None and "GET" not in case.methods:
            continue
        # A fresh client for each URL: some pages log a user out (allauth's e-mail confirmation
        # of another user) or put a key in the session, which would change the next answer.
        get = _fresh_client(world, persona).get(case.path)
        _body(get)
        head = _fresh_client(world, persona).head(case.path)
        body = _body(head)
        if _answer(head) != _answer(get) or body:
            failures.append(
                f"{case.key}: GET {case.path} answered {_answer(get)}, HEAD {_answer(head)}"
                + (f" with {len(body)} bytes" if body else "")
            )
    assert not failures, f"{len(failures)} HEAD answer(s) unlike GET's:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", ["/pl/", "/en/", "/pl/news/", "/pl/events/", "/healthz"])
def test_head_of_a_public_page_answers_200(client, path):
    assert client.head(path).status_code == 200
