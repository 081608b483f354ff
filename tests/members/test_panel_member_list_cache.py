"""The panel's member list is cached per content version: fast to repeat, fresh after any change."""

import pytest

from members import services
from members.models import Organisation
from tests.factories import OrganisationFactory, active_member

pytestmark = pytest.mark.django_db

URL = "/en/panel/members/"


@pytest.fixture(autouse=True)
def _store_right_after_changes(settings):
    # The factories write just before each request; the quiet period is tested in core.
    settings.PAGE_CACHE_QUIET_SECONDS = 0


def test_a_repeated_list_runs_none_of_the_list_s_queries(client_for, coordinator, query_count):
    for number in range(5):
        active_member(name=f"Członek {number} Sp. z o.o.", slug=f"czlonek-{number}")
    client = client_for(coordinator)
    first = query_count(lambda: client.get(URL))

    repeated = query_count(lambda: client.get(URL))

    assert repeated < first
    assert "Członek 4" in client.get(URL).content.decode()


def test_a_change_shows_in_the_list_at_once(client_for, coordinator):
    organisation = active_member(name="Stara Nazwa Sp. z o.o.", slug="stara-nazwa")
    client = client_for(coordinator)
    assert "Stara Nazwa" in client.get(URL).content.decode()

    services.organisation_update(
        organisation=organisation, actor=coordinator, data={"name": "Nowa Nazwa Sp. z o.o."}
    )

    page = client.get(URL).content.decode()
    assert "Nowa Nazwa" in page
    assert "Stara Nazwa" not in page


def test_searches_and_languages_are_cached_apart(client_for, coordinator):
    active_member(name="Alfa Sp. z o.o.", slug="alfa")
    active_member(name="Beta Sp. z o.o.", slug="beta")
    client = client_for(coordinator)
    assert "Beta" in client.get(URL + "?q=Beta").content.decode()

    found = client.get(URL + "?q=Alfa").content.decode()
    polish = client.get("/pl/panel/members/?q=Alfa").content.decode()

    assert "Alfa Sp. z o.o." in found and "Beta Sp. z o.o." not in found
    assert "Search and filter" in found and "Wyszukiwanie i filtry" in polish


def test_right_after_a_change_the_list_is_not_stored(client_for, coordinator, settings):
    settings.PAGE_CACHE_QUIET_SECONDS = 3600
    active_member(name="Świeży Sp. z o.o.", slug="swiezy")
    client = client_for(coordinator)
    first = client.get(URL)

    assert first.status_code == 200
    assert "Świeży" in first.content.decode()
    assert first.context["content_version"] is None


def test_the_pending_applications_badge_follows_a_new_application(client_for, coordinator):
    client = client_for(coordinator)
    client.get(URL)
    before = client.get(URL).content.decode()

    OrganisationFactory(name="Kandydat Nowy Sp. z o.o.", status=Organisation.Status.APPLICANT)

    after = client.get(URL).content.decode()
    assert 'class="count-badge">1<' not in before
    assert 'class="count-badge">1<' in after
