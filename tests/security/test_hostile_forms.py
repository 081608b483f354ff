"""Hostile and random data posted to every form of the portal: never a 500, nothing half-saved.

The forms are not listed by hand: every page of the URLconf (world.url_cases) is fetched as every
persona, and each <form method="post"> found is filled by Hypothesis with hostile values (see
hostile.py). A URL that accepts POST but shows up in no form is posted junk, and must say in
WITHOUT_A_FORM why no page offers it, so a new form cannot go unfuzzed.

Each request runs in a savepoint that is rolled back afterwards, so examples do not see each
other's data and "nothing half-saved" is exact: whatever answers other than a success (a redirect,
or a 200 where the protocol asks for one) must leave every table's row count as it was; a success
that saved something must lead to a page that still renders what was saved. The GET parameters
of the pages with filters, search or pagination are fuzzed the same way, and a GET never changes
a count.
"""

import contextlib
import datetime
import time
import traceback

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from .hostile import (
    Form,
    counted_models,
    form_submissions,
    parse_forms,
    query_strings,
    row_counts,
)
from .parts import PARTS
from .rules import PERSONAS
from .world import client_as, url_cases

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 10
EXAMPLES_PER_QUERY = 8
EXAMPLES_WITHOUT_FORM = 4
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    derandomize=True,
    # No shrinking: a failure names the request, the values cut short and the traceback already,
    # and shrinking a slow request takes minutes.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# URLs that accept POST (or may: a view without a method decorator) and that no page of the world
# offers a form for, with the reason. They are posted junk all the same.
_GET_ONLY = "reads no POST data: a POST is answered as a GET"
_ALLAUTH_STAGE = "allauth shows its form only in the middle of a login or sign-up"
_CODE_REAUTHENTICATION_OFF = (
    "re-authentication by e-mailed code is off (ACCOUNT_REAUTHENTICATION_METHODS): refused to all"
)
WITHOUT_A_FORM = {
    "sitemap": _GET_ONLY,
    "news:feed": _GET_ONLY,
    "media": _GET_ONLY,
    "admin:index": "no persona is staff: the admin sends everyone to its login",
    "admin:app_list": "no persona is staff: the admin sends everyone to its login",
    "admin:members_organisation_changelist": "no persona is staff: the admin sends everyone away",
    "account_signup": "sign-up is closed (ACCOUNT_ALLOW_SIGNUP): accounts come by invitation",
    "account_confirm_login_code": _ALLAUTH_STAGE,
    "mfa_authenticate": _ALLAUTH_STAGE,
    "mfa_continue": _ALLAUTH_STAGE,
    "account_email_verification_sent": "allauth's notice after a sign-up: a page without a form",
    "account_request_reauthentication_code": _CODE_REAUTHENTICATION_OFF,
    "account_confirm_reauthentication_code": _CODE_REAUTHENTICATION_OFF,
    "account_set_password": "every persona has a password; allauth offers it to those without",
    "admin:login": "allauth's secure_admin_login sends everyone to the portal's own login",
    "panel:member_import_confirm": "its form is on the preview a valid upload answers with",
    "panel_news:campaign_unschedule": "only a scheduled campaign offers it; the world's is a draft",
    "resolutions:proxy_withdraw": (
        "only a representative whose vote a proxy holds sees it; the world's proxy in the open "
        "vote is another member's (tests/meetings/test_proxies.py posts it)"
    ),
}
for _part in PARTS:
    WITHOUT_A_FORM.update(_part.WITHOUT_A_FORM)

LOGIN_PATHS = ("/en/accounts/login/", "/pl/accounts/login/", "/en/admin/login/")

# URLs that answer a successful POST with a page rather than a redirect, as their protocol asks.
ANSWERS_200_ON_SUCCESS = {
    "newsletter_one_click": "RFC 8058: the mail client gets 200, never a redirect",
    "cooperation_one_click": "RFC 8058: the mail client gets 200, never a redirect",
    "newsletter:confirm": "the confirmation page is the answer; the link cannot be replayed",
}


def _url_name(path):
    path = path.split("?")[0]
    prefix = path.split("/")[1]
    language = prefix if prefix in dict(django_settings.LANGUAGES) else "en"
    with translation.override(language):
        return resolve(path).view_name


# --- Finding the forms --------------------------------------------------------------------------


@contextlib.contextmanager
def _rolled_back():
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _client(cookies):
    # A fresh client per request: a request that logs out (allauth's e-mail confirmation does)
    # or switches the language must not change the next one.
    client = Client(raise_request_exception=False)
    client.cookies.load({name: morsel.value for name, morsel in cookies.items()})
    return client


# Pages the URL cases do not open but whose objects, in another state, show other forms.
EXTRA_PAGES = (
    ("panel_agreements:agreement_detail", "draft_agreement"),
    ("panel_agreements:agreement_detail", "awaiting_agreement"),
    # An election taking nominations: the nomination form and the panel's steps.
    ("elections:detail", "nominating_election"),
    ("panel_elections:detail", "nominating_election"),
    # A meeting in session: the form that closes it.
    ("meetings:detail", "session_meeting"),
    # Minutes: the secretary's draft on a closed meeting, the approval on a later one.
    ("meetings:detail", "minutes_meeting"),
    ("meetings:detail", "approving_meeting"),
    ("panel_events:detail", "draft_event"),
    ("panel_events:detail", "public_event"),
    ("panel:member_detail", "represented_organisation"),
    ("panel:member_detail", "applicant"),
    # A joint purchase's page: the join form, and the joined organisation's change and withdraw.
    ("cooperation:detail", "joint_purchase"),
    # A hidden post in the panel: the form that shows it again.
    ("panel_cooperation:detail", "hidden_post"),
)
EXTRA_PAGES += tuple(page for part in PARTS for page in part.EXTRA_PAGES)


def _cookies(world, persona):
    """Log the persona in, as if they had just typed their password again.

    allauth asks for the password again before the pages that manage an authenticator app; a
    fresh reauthentication on record lets the fuzzing reach their forms.
    """
    client = client_as(world, persona)
    user = world.users[persona]
    if user is not None:
        request = RequestFactory().get("/")
        request.session, request.user = client.session, user
        record_authentication(request, user, method="password", reauthenticated=True)
        request.session.save()
    return client.cookies


def _paths(world, cases):
    paths = [case.path for case in cases if case.methods is None or "GET" in case.methods]
    with translation.override("en"):
        for name, object_name in EXTRA_PAGES:
            paths.append(reverse(name, kwargs={"pk": world.objects[object_name].pk}))
    return paths


def _pages(world, cases):
    """Yield (persona, cookies, path, html) for every page each persona may open.

    A redirect is followed (once) unless it asks to log in: the page it leads to may hold a form
    that is only reached that way (allauth's password reset from a key, for one).
    """
    paths = _paths(world, cases)
    for persona in PERSONAS:
        cookies = _cookies(world, persona)
        for path in paths:
            with _rolled_back():
                client = _client(cookies)
                response = client.get(path)
                _refuse_server_error(response, f"{persona}: GET {path}")
                location = response.get("Location", "")
                if response.status_code == 302 and not location.startswith(LOGIN_PATHS):
                    path = location
                    response = client.get(path)
                    _refuse_server_error(response, f"{persona}: GET {path}")
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                yield persona, cookies, path, response.content.decode()


def _pick(found):
    """Keep, of one form seen by several personas, the least and the most privileged one's.

    The first gets the full number of examples, the second half as many: the form is the same,
    only the code behind it may take another turn.
    """
    chosen = []
    for variants in found.values():
        chosen.append((*variants[0], EXAMPLES_PER_FORM))
        if len(variants) > 1:
            chosen.append((*variants[-1], EXAMPLES_PER_FORM // 2))
    return chosen


def discover(world, cases):
    """Return [(persona, cookies, form)] for the POST forms and for the GET ones of every page.

    A list page without a search form but with pagination links gets a GET "form" without fields,
    so its query string is fuzzed all the same.
    """
    posts, gets = {}, {}
    for persona, cookies, path, html in _pages(world, cases):
        forms = parse_forms(html, path)
        if "page=" in html and not any(form.method == "get" for form in forms):
            forms.append(Form(page=path, action=path, fields=[], method="get"))
        for form in forms:
            found = posts if form.method == "post" else gets
            key = (_url_name(form.action), tuple(sorted(field.name for field in form.fields)))
            found.setdefault(key, []).append((persona, cookies, form))
    return _pick(posts), _pick(gets)


# --- Fuzzing ------------------------------------------------------------------------------------


def _shown(data):
    """Return the submission for a failure message, long values cut short."""

    def cut(value):
        if isinstance(value, list):
            return [cut(item) for item in value]
        if hasattr(value, "name"):
            return f"<file {value.name!r}, {value.size} bytes>"
        text = repr(value)
        return text if len(text) <= 120 else f"{text[:100]}... ({len(value)} characters)"

    return {name: cut(value) for name, value in data.items()}


class Fuzzer:
    """Send hostile requests as one persona; check the answer and what it did to the database."""

    def __init__(self):
        self.models = counted_models()
        self.requests = 0

    def check(self, cookies, send, what, *, posted_to=None):
        """Send a request in a savepoint; a success of a POST (to the URL name `posted_to`) may
        save data, a GET never."""
        self.requests += 1
        with _rolled_back():
            before = row_counts(self.models)
            client = _client(cookies)
            response = send(client)
            _refuse_server_error(response, what)
            after = row_counts(self.models)
            changed = {
                label: (before[label], after[label])
                for label in before
                if before[label] != after[label]
            }
            if not changed:
                return
            succeeded = response.status_code in {301, 302, 303} or (
                response.status_code == 200 and posted_to in ANSWERS_200_ON_SUCCESS
            )
            assert posted_to and succeeded, (
                f"{what}\nanswered {response.status_code} but changed row counts "
                f"(before, after): {changed}"
            )
            if response.status_code != 200:
                # What was saved must show: the page the success leads to renders it.
                location = response["Location"]
                _refuse_server_error(client.get(location), f"{what}\nthen GET {location}")

    def fuzz(self, strategy, run, examples):
        @hypothesis_settings(FUZZ, max_examples=examples)
        @given(data=strategy)
        def examples(data):
            run(data)

        examples()


def _refuse_server_error(response, what):
    if response.status_code < 500:
        return
    detail = ""
    if getattr(response, "exc_info", None):
        detail = "".join(traceback.format_exception(*response.exc_info))
    raise AssertionError(f"{what}\nanswered {response.status_code}\n{detail}")


def _failure(error):
    # Hypothesis's own notes repeat the example in full, 12,000-character values included.
    return f"{type(error).__name__}: {error}"


def test_hostile_data_never_crashes_a_form_nor_half_saves(world, settings):
    # The whole run counts as "recently reauthenticated", however long a loaded machine takes.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 60 * 60
    started = time.monotonic()
    cases = url_cases(world)
    posts, gets = discover(world, cases)
    fuzzer = Fuzzer()
    today = datetime.date.today()
    failures = []

    def attempt(strategy, run, examples):
        try:
            fuzzer.fuzz(strategy, run, examples)
        except Exception as error:  # noqa: BLE001 - every form's failures are reported together
            failures.append(_failure(error))

    def post(persona, cookies, form, examples):
        url_name = _url_name(form.action)

        def run(data):
            fuzzer.check(
                cookies,
                lambda client: client.post(form.action, data),
                f"{persona}: POST {form.action} (form on {form.page})\n{_shown(data)}",
                posted_to=url_name,
            )

        attempt(form_submissions(form, today), run, examples)

    for persona, cookies, form, examples in posts:
        post(persona, cookies, form, examples)
    with_form = {_url_name(form.action) for _persona, _cookies, form, _examples in posts}
    # The URLs that take a POST no page offers a form for get junk fields only.
    without_form = [case for case in cases if case.accepts_post and case.name not in with_form]
    for case in without_form:
        for persona in ("anonymous", "coordinator"):
            form = Form(page="(none)", action=case.path, fields=[])
            post(persona, _cookies(world, persona), form, EXAMPLES_WITHOUT_FORM)

    for persona, cookies, form, _examples in gets:

        def run(data, persona=persona, cookies=cookies, form=form):
            fuzzer.check(
                cookies,
                lambda client: client.get(form.action, data),
                f"{persona}: GET {form.action} (form on {form.page})\n{_shown(data)}",
            )

        attempt(query_strings([field.name for field in form.fields]), run, EXAMPLES_PER_QUERY)

    print(
        f"\n{len(posts)} POST forms, {len(without_form)} POST URLs without a form, "
        f"{len(gets)} GET forms: {fuzzer.requests} requests in "
        f"{time.monotonic() - started:.0f} s"
    )
    assert not failures, "\n\n".join(failures)
    unexplained = sorted({case.name for case in without_form} - set(WITHOUT_A_FORM))
    assert not unexplained, (
        "These URLs accept POST but no page of the world offers a form for them: make the "
        "world show one (EXTRA_PAGES), or say in WITHOUT_A_FORM why there is none: "
        f"{unexplained}"
    )
    stale = sorted(set(WITHOUT_A_FORM) & with_form)
    assert not stale, f"These URLs have a form now; remove them from WITHOUT_A_FORM: {stale}"
