"""The public directory filters by competences, markets, certifications and keywords; a profile
shows what its organisation does."""

import pytest

from members.models import Competence
from tests.factories import CompetenceFactory, OrganisationFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db

DIRECTORY = "/pl/members/"


def _polish_only(competence):
    Competence.objects.filter(pk=competence.pk).update(
        name_en="", name_de="", name_fr="", name_ru=""
    )
    competence.refresh_from_db()
    return competence


@pytest.fixture
def cluster(db):
    welding = CompetenceFactory(
        kind="competence", name_pl="Spawanie", name_en="Welding", slug="welding"
    )
    iot = _polish_only(CompetenceFactory(kind="technology", name_pl="Internet rzeczy", slug="iot"))
    germany = CompetenceFactory(kind="market", name_pl="Niemcy", name_en="Germany", slug="de")
    iso = CompetenceFactory(
        kind="certification", name_pl="ISO 9001", name_en="ISO 9001", slug="iso-9001"
    )
    unused = CompetenceFactory(kind="market", name_pl="Ukraina", slug="ua")
    steel = active_member(name="Stal Sp. z o.o.", slug="stal", keywords="barki, śluzy")
    steel.competences.set([welding, germany, iso])
    sensors = active_member(name="Czujniki S.A.", slug="czujniki", keywords="LoRaWAN")
    sensors.competences.set([iot, germany])
    applicant = OrganisationFactory(name="Kandydat Sp. z o.o.")
    applicant.competences.set([welding, unused])
    return {
        "welding": welding,
        "iot": iot,
        "germany": germany,
        "iso": iso,
        "unused": unused,
        "steel": steel,
        "sensors": sensors,
    }


def _names(response):
    return [organisation.name for organisation in response.context["organisations"]]


def test_the_filters_offer_only_terms_active_members_name_by_kind(client, cluster):
    form = client.get(DIRECTORY).context["form"]

    # Competences and technologies share one list, grouped by kind.
    everything, *groups = form.fields["competence"].choices
    assert everything[0] == ""
    assert [[value for value, _label in terms] for _kind, terms in groups] == [["welding"], ["iot"]]
    market_values = [value for value, _label in form.fields["market"].choices]
    assert market_values == ["", "de"]
    assert [value for value, _label in form.fields["certification"].choices] == ["", "iso-9001"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"competence": "welding"}, ["Stal Sp. z o.o."]),
        ({"competence": "iot"}, ["Czujniki S.A."]),
        ({"market": "de"}, ["Czujniki S.A.", "Stal Sp. z o.o."]),
        ({"market": "de", "certification": "iso-9001"}, ["Stal Sp. z o.o."]),
        ({"competence": "iot", "certification": "iso-9001"}, []),
        ({"q": "śluzy"}, ["Stal Sp. z o.o."]),
        ({"q": "lorawan"}, ["Czujniki S.A."]),
    ],
)
def test_it_filters_by_terms_and_searches_keywords(client, cluster, query, expected):
    assert _names(client.get(DIRECTORY, query)) == expected


def test_an_unknown_or_unused_term_filters_nothing_and_says_so(client, cluster):
    response = client.get(DIRECTORY, {"market": "ua"})

    assert response.status_code == 200
    assert response.context["form"].errors["market"]
    assert _names(response) == ["Czujniki S.A.", "Stal Sp. z o.o."]


def test_the_profile_shows_terms_grouped_by_kind_and_keywords(client, cluster):
    content = client.get("/en/members/stal/").content.decode()

    heading = content.index("What the organisation does")
    section = content[heading:]
    assert section.index("Competences") < section.index("Markets") < section.index("Certifications")
    for text in ("Welding", "Germany", "ISO 9001", "barki", "śluzy"):
        assert text in section


def test_the_profile_marks_a_term_shown_in_polish(client, cluster):
    content = client.get("/en/members/czujniki/").content.decode()

    assert '<span class="badge" lang="pl">Internet rzeczy</span>' in content
    assert "in Polish" in content
    assert "Technologies" in content


def test_a_profile_without_terms_or_keywords_has_no_such_section(client):
    active_member(slug="pusta")

    assert "What the organisation does" not in client.get("/en/members/pusta/").content.decode()


@pytest.mark.parametrize(
    "query", ["", "?competence=welding", "?market=de&certification=iso-9001", "?q=barki"]
)
def test_the_directory_runs_the_same_queries_for_few_and_many_members(client, query_count, query):
    sector = SectorFactory(slug="ict")
    terms = [
        CompetenceFactory(kind="competence", slug="welding"),
        CompetenceFactory(kind="market", slug="de"),
        CompetenceFactory(kind="certification", slug="iso-9001"),
    ]

    def members(start, count):
        for index in range(start, start + count):
            organisation = active_member(
                name=f"Członek {index:03d}", slug=f"czlonek-{index}", keywords="barki"
            )
            organisation.sectors.set([sector])
            organisation.competences.set(terms)

    members(0, 3)
    few = query_count(lambda: client.get(f"/pl/members/{query}"))
    members(3, 30)
    CompetenceFactory(kind="technology", slug="extra")
    many = query_count(lambda: client.get(f"/pl/members/{query}"))

    assert few == many


def test_a_profile_runs_the_same_queries_for_few_and_many_terms(client, query_count):
    organisation = active_member(slug="profil")
    organisation.competences.set([CompetenceFactory()])
    few = query_count(lambda: client.get("/pl/members/profil/"))
    organisation.competences.set(
        [CompetenceFactory(kind=kind) for kind in Competence.Kind for _ in range(5)]
    )
    many = query_count(lambda: client.get("/pl/members/profil/"))

    assert few == many
