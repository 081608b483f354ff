"""Nobody finds what they may not open: each kind is limited by its own app's visibility rules.

Every object the search world keeps from someone has "Tajny"/"Tajna" in its title; for each
persona the found titles are compared with what their own list pages show them.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.search.conftest import find

pytestmark = pytest.mark.django_db

# What each persona may open of the world's kept objects (by name in `sources_world`).
MEMBERS_SEE = {"members_event", "members_post", "members_project", "members_document"}
COUNCIL_SEES = {"council_resolution", "council_document"}
MAY_OPEN = {
    "anonymous": set(),
    "outsider": set(),
    "employee": MEMBERS_SEE,
    "representative": MEMBERS_SEE,
    "council_member": MEMBERS_SEE | COUNCIL_SEES,
    "coordinator": MEMBERS_SEE | COUNCIL_SEES,
}
KEPT = [
    "draft_article",
    "scheduled_article",
    "members_event",
    "draft_event",
    "suspended_organisation",
    "members_post",
    "pending_post",
    "members_project",
    "council_resolution",
    "draft_resolution",
    "members_document",
    "council_document",
    "archived_document",
]


@pytest.fixture
def persona_user(request, outsider, employee, representative, council_member, coordinator):
    users = {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "employee": employee,
        "representative": representative,
        "council_member": council_member,
        "coordinator": coordinator,
    }
    return users[request.param]


@pytest.mark.parametrize(
    ("persona_user", "persona"), [(name, name) for name in MAY_OPEN], indirect=["persona_user"]
)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_each_persona_finds_exactly_what_it_may_open(
    sources_world, persona_user, persona, language
):
    results = find(persona_user, "klaster", language=language).results
    shown = {(result.source.kind, result.obj.pk) for result in results}
    kept = {name: (kind_of(name), sources_world[name].pk) for name in KEPT}

    leaked = {name for name, key in kept.items() if key in shown and name not in MAY_OPEN[persona]}
    missing = {name for name in MAY_OPEN[persona] if kept[name] not in shown}
    assert not leaked, f"{persona} found {leaked}"
    assert not missing, f"{persona} did not find {missing}"


@pytest.mark.parametrize(
    ("persona_user", "persona"), [(name, name) for name in MAY_OPEN], indirect=["persona_user"]
)
def test_counts_never_count_what_a_persona_may_not_open(sources_world, persona_user, persona):
    search = find(persona_user, "tajny")
    search_feminine = find(persona_user, "tajna")

    assert search.total + search_feminine.total == len(MAY_OPEN[persona])


def kind_of(name):
    for kind in ("article", "event", "organisation", "post", "project", "resolution", "document"):
        if kind in name:
            return kind
    raise AssertionError(name)


def test_a_member_whose_organisation_is_suspended_no_longer_finds_members_only_objects(
    sources_world, employee
):
    from members.models import Organisation

    Organisation.objects.filter(pk=employee.person.organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )
    employee.refresh_from_db()

    search = find(employee, "tajny")

    assert search.total == 0


def test_a_suspended_member_is_not_found_even_by_its_own_people(sources_world, representative):
    from members.models import Organisation

    Organisation.objects.filter(pk=representative.person.organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )
    representative.refresh_from_db()

    kinds = {result.source.kind for result in find(representative, "reprezentowana").results}

    assert "organisation" not in kinds
