"""The API's reads and writes: languages, registration and cancellation, a representative's
organisation, the coordinator's registry, hostile input, pagination and rate limits."""

import base64
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from core.models import AuditEntry
from events.models import Event, Registration
from tests.cooperation.factories import PostFactory
from tests.events.factories import EventFactory, QuestionFactory
from tests.news.conftest import ArticleFactory

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def _post(client, path, data=None, **extra):
    return client.post(path, json.dumps(data or {}), content_type="application/json", **extra)


# --- Reads --------------------------------------------------------------------------------------


def test_events_answer_json_without_a_token(client):
    EventFactory(audience=Event.Audience.PUBLIC, slug="open")
    EventFactory(audience=Event.Audience.MEMBERS, slug="members-only")

    response = client.get("/api/v1/events/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert [event["slug"] for event in response.json()["results"]] == ["open"]


def test_the_schema_is_an_openapi_3_document(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/events/" in response.json()["paths"]


def test_the_docs_are_served_by_the_portal_without_inline_script(client):
    response = client.get("/api/docs/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in content
    assert "<script>" not in content and "<style>" not in content
    assert "cdn" not in content.lower()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_translated_fields_come_in_the_language_asked_for(client):
    EventFactory(audience=Event.Audience.PUBLIC, title_pl="Seminarium", title_en="Seminar")

    english = client.get("/api/v1/events/", {"lang": "en"}).json()["results"][0]
    german = client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="de").json()["results"][0]

    assert (english["title"], english["language"], english["fallback"]) == ("Seminar", "en", False)
    assert (german["title"], german["language"], german["fallback"]) == ("Seminarium", "pl", True)


def test_an_unknown_language_falls_back_to_the_default(client):
    ArticleFactory(title_pl="Aktualność")

    response = client.get("/api/v1/news/", {"lang": "xx\x00"})

    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Aktualność"


def test_lists_are_paged_by_cursor(client):
    for number in range(5):
        EventFactory(audience=Event.Audience.PUBLIC, slug=f"event-{number}")

    first = client.get("/api/v1/events/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 2 and len(second["results"]) == 2
    assert not {e["slug"] for e in first["results"]} & {e["slug"] for e in second["results"]}


def test_offers_come_newest_first_as_on_the_board_across_pages(client):
    now = timezone.now()
    # Created oldest last, so the order cannot come from the primary key.
    for days in (1, 3, 2, 5, 4):
        PostFactory(title=f"Oferta {days}", published_at=now - timedelta(days=days))

    first = client.get("/api/v1/offers/", {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    titles = [post["title"] for post in first["results"] + second["results"]]
    assert titles == ["Oferta 1", "Oferta 2", "Oferta 3", "Oferta 4", "Oferta 5"]


def test_a_cursor_that_is_not_ours_answers_404(client):
    assert client.get("/api/v1/events/", {"cursor": "junk"}).status_code == 404


@pytest.mark.parametrize("position", ["not-a-date", "9" * 40, "\x00"])
def test_a_forged_cursor_position_answers_404_or_an_empty_page_never_500(client, position):
    ArticleFactory()
    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()

    for path in ("/api/v1/events/", "/api/v1/news/", "/api/v1/resolutions/"):
        assert client.get(path, {"cursor": cursor}).status_code in (200, 404)


def test_a_filter_with_a_bad_value_answers_400(client):
    response = client.get("/api/v1/events/", {"kind": "no-such-kind", "starts_after": "x"})

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "starts_after"}


def test_the_coordinators_registry_is_refused_to_a_members_token(employee):
    client = bearer(make_token(employee)[1])

    for path in ("organisations", "people", "registrations", "subscribers"):
        assert client.get(f"/api/v1/coordinator/{path}/").status_code == 403


def test_the_coordinator_reads_people_and_registrations(coordinator, employee):
    event = EventFactory()
    client = bearer(make_token(coordinator)[1])
    registration = _register(employee, event)

    people = client.get("/api/v1/coordinator/people/").json()["results"]
    registrations = client.get("/api/v1/coordinator/registrations/", {"event": event.slug})

    assert employee.email in {person["email"] for person in people}
    assert [row["id"] for row in registrations.json()["results"]] == [registration["id"]]


# --- Registration and cancellation --------------------------------------------------------------


def _register(user, event, answers=None, scopes=None):
    response = _post(
        bearer(make_token(user, scopes=scopes)[1]),
        f"/api/v1/events/{event.slug}/registrations/",
        {"answers": answers or {}},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_member_registers_and_cancels_through_the_api(employee):
    event = EventFactory(capacity=10)
    client = bearer(make_token(employee)[1])

    created = _post(client, f"/api/v1/events/{event.slug}/registrations/")
    again = _post(client, f"/api/v1/events/{event.slug}/registrations/")
    cancelled = _post(client, f"/api/v1/registrations/{created.json()['id']}/cancel/")
    twice = _post(client, f"/api/v1/registrations/{created.json()['id']}/cancel/")

    assert created.status_code == 201
    assert created.json()["status"] == Registration.Status.CONFIRMED
    assert again.status_code == 400
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == Registration.Status.CANCELLED
    assert twice.status_code == 400
    assert AuditEntry.objects.filter(action="registration.created", actor=employee).exists()
    assert AuditEntry.objects.filter(action="registration.cancelled", actor=employee).exists()


def test_a_full_event_without_a_waiting_list_refuses_a_registration(employee, representative):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    _register(representative, event)

    response = _post(bearer(make_token(employee)[1]), f"/api/v1/events/{event.slug}/registrations/")

    assert response.status_code == 400
    assert Registration.objects.filter(event=event).count() == 1


def test_an_outsider_cannot_register_for_a_members_event(outsider):
    event = EventFactory(audience=Event.Audience.MEMBERS)

    response = _post(bearer(make_token(outsider)[1]), f"/api/v1/events/{event.slug}/registrations/")

    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_nobody_cancels_another_persons_registration(employee, council_member):
    event = EventFactory()
    registration = _register(employee, event)

    response = _post(
        bearer(make_token(council_member)[1]),
        f"/api/v1/registrations/{registration['id']}/cancel/",
    )

    assert response.status_code == 404
    assert Registration.objects.get(pk=registration["id"]).status == Registration.Status.CONFIRMED


def test_answers_are_checked_as_on_the_page(employee):
    event = EventFactory()
    text = QuestionFactory(event=event, required=True)
    choice = QuestionFactory(
        event=event, kind="choice", options_pl="Tak\nNie", options="Tak\nNie", required=False
    )
    client = bearer(make_token(employee)[1])
    path = f"/api/v1/events/{event.slug}/registrations/"

    missing = _post(client, path, {"answers": {}})
    wrong = _post(client, path, {"answers": {str(text.pk): "x", str(choice.pk): 7}})
    unknown = _post(client, path, {"answers": {str(text.pk): "x", "999": "y"}})
    good = _post(client, path, {"answers": {str(text.pk): "Wegańskie", str(choice.pk): 1}})

    assert missing.status_code == wrong.status_code == unknown.status_code == 400
    assert good.status_code == 201
    assert Registration.objects.get().answers == {str(text.pk): "Wegańskie", str(choice.pk): 1}


# --- A representative's organisation ------------------------------------------------------------


def test_a_representative_changes_the_profile_as_my_organisation_does(representative):
    organisation = representative.person.organisation
    client = bearer(make_token(representative)[1])

    response = client.patch(
        "/api/v1/my-organisation/",
        json.dumps({"city": "Sopot", "description_en": "We weld.", "keywords": "laser, ISO"}),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert (organisation.city, organisation.description_en) == ("Sopot", "We weld.")
    assert AuditEntry.objects.filter(actor=representative, target_id=str(organisation.pk)).exists()


def test_the_profile_takes_no_field_the_page_does_not_offer(representative):
    organisation = representative.person.organisation
    client = bearer(make_token(representative)[1])

    response = client.patch(
        "/api/v1/my-organisation/",
        json.dumps({"name": "Renamed", "nip": "0000000000", "status": "suspended"}),
        content_type="application/json",
    )

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert organisation.name != "Renamed" and organisation.status == "active"


def test_an_employee_cannot_change_the_profile(employee):
    response = bearer(make_token(employee)[1]).patch(
        "/api/v1/my-organisation/", json.dumps({"city": "X"}), content_type="application/json"
    )

    assert response.status_code == 403


def test_a_read_only_token_reads_the_profile_but_cannot_change_it(representative):
    client = bearer(make_token(representative, scopes=["read"])[1])

    assert client.get("/api/v1/my-organisation/").status_code == 200
    response = client.patch(
        "/api/v1/my-organisation/", json.dumps({"city": "X"}), content_type="application/json"
    )
    assert response.status_code == 403


# --- Hostile input ------------------------------------------------------------------------------

HOSTILE_STRINGS = [
    "\x00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202e\ufeff",
    "ż" * 5000,
    "9" * 40,
    "../../etc/passwd",
]


@pytest.mark.parametrize("body", ["{", "[1,2", '{"a": NaN}', "\xff\xfe", "null", "[]", '"x"'])
def test_malformed_json_answers_400_not_500(representative, body):
    client = bearer(make_token(representative)[1])

    response = client.patch(
        "/api/v1/my-organisation/", body.encode("latin-1"), content_type="application/json"
    )

    assert response.status_code == 400


def test_a_huge_body_answers_413(representative):
    client = bearer(make_token(representative)[1])
    body = json.dumps({"keywords": "a" * (1024 * 1024)})

    response = client.patch("/api/v1/my-organisation/", body, content_type="application/json")

    assert response.status_code == 413


def test_deeply_nested_json_answers_400(employee):
    event = EventFactory()
    body = "[" * 100_000 + "]" * 100_000

    response = bearer(make_token(employee)[1]).post(
        f"/api/v1/events/{event.slug}/registrations/", body, content_type="application/json"
    )

    assert response.status_code in (400, 413)


def test_a_form_body_is_refused_with_415(representative):
    response = bearer(make_token(representative)[1]).patch(
        "/api/v1/my-organisation/", "city=X", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415


@pytest.mark.parametrize("value", [*HOSTILE_STRINGS, 12, 1.5, True, None, [], {"a": 1}])
def test_hostile_values_in_the_profile_answer_4xx_or_are_stored_safely(representative, value):
    client = bearer(make_token(representative)[1])
    failures = []
    for field in ("city", "website", "email", "voivodeship", "sectors", "keywords", "phone"):
        response = client.patch(
            "/api/v1/my-organisation/",
            json.dumps({field: value}),
            content_type="application/json",
        )
        if response.status_code >= 500 or response.status_code not in (200, 400):
            failures.append(f"{field}={value!r}: {response.status_code}")
    assert not failures


@pytest.mark.parametrize("value", [*HOSTILE_STRINGS, 12, True, None, ["a"], {"1": {"x": 1}}])
def test_hostile_answers_answer_4xx(employee, value):
    event = EventFactory()
    QuestionFactory(event=event)
    client = bearer(make_token(employee)[1])

    for body in ({"answers": value}, {"answers": {"1": value}}, value):
        response = _post(client, f"/api/v1/events/{event.slug}/registrations/", body)
        assert response.status_code in (201, 400), (body, response.status_code)


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_hostile_query_strings_answer_200_or_4xx(coordinator, value):
    client = bearer(make_token(coordinator)[1])
    paths = [
        "/api/v1/events/",
        "/api/v1/news/",
        "/api/v1/resolutions/",
        "/api/v1/projects/",
        "/api/v1/offers/",
        "/api/v1/members/",
        "/api/v1/coordinator/people/",
        "/api/v1/coordinator/registrations/",
    ]
    for path in paths:
        for name in ("kind", "tag", "body", "year", "sector", "organisation", "event", "cursor"):
            response = client.get(path, {name: value, "page_size": value, "lang": value})
            assert response.status_code in (200, 400, 404), (path, name, response.status_code)


# --- Rate limits --------------------------------------------------------------------------------


@override_settings(API_RATE_LIMITS={"token": "3/m", "user": "3/m", "anonymous": "2/m"})
def test_each_token_has_its_own_budget_and_visitors_share_one_per_address(employee):
    cache.clear()
    first, second = bearer(make_token(employee)[1]), bearer(make_token(employee)[1])
    visitor = Client()

    first_answers = [first.get("/api/v1/events/").status_code for _ in range(4)]
    second_answer = second.get("/api/v1/events/").status_code
    visitor_answers = [visitor.get("/api/v1/events/").status_code for _ in range(3)]

    assert first_answers == [200, 200, 200, 429]
    assert second_answer == 200
    assert visitor_answers == [200, 200, 429]
    cache.clear()
