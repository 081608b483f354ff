"""The competence vocabulary: its services, the selector the board matches with, and the panel."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEntry
from members import selectors, services
from members.models import Competence, Organisation
from tests.factories import CompetenceFactory, OrganisationFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db

NAMES = {
    "name_pl": "Spawanie konstrukcji stalowych",
    "name_en": "Welding of steel structures",
    "name_de": "Schweißen von Stahlkonstruktionen",
    "name_fr": "Soudage de structures en acier",
    "name_ru": "Сварка стальных конструкций",
}


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


# --- Services --------------------------------------------------------------------------------


def test_a_new_term_gets_a_slug_from_its_polish_name_and_an_audit_entry(coordinator):
    competence = services.competence_save(actor=coordinator, data={"kind": "competence", **NAMES})

    assert competence.slug == "spawanie-konstrukcji-stalowych"
    entry = AuditEntry.objects.get(action="competence.created")
    assert entry.actor == coordinator
    assert entry.changes["name_de"] == [None, "Schweißen von Stahlkonstruktionen"]


def test_two_terms_with_one_name_get_different_slugs(coordinator):
    first = services.competence_save(
        actor=coordinator, data={"kind": "market", "name_pl": "Niemcy"}
    )
    second = services.competence_save(
        actor=coordinator, data={"kind": "market", "name_pl": "Niemcy"}
    )

    assert (first.slug, second.slug) == ("niemcy", "niemcy-2")


def test_a_renamed_term_keeps_its_slug_and_the_change_is_recorded(coordinator):
    competence = CompetenceFactory(name="Spawanie", name_pl="Spawanie", slug="spawanie")

    services.competence_save(
        actor=coordinator,
        data={"kind": "competence", "name_pl": "Spawanie MIG/MAG"},
        competence=competence,
    )

    competence.refresh_from_db()
    assert (competence.name_pl, competence.slug) == ("Spawanie MIG/MAG", "spawanie")
    entry = AuditEntry.objects.get(action="competence.updated")
    assert entry.changes["name_pl"] == ["Spawanie", "Spawanie MIG/MAG"]


def test_a_term_without_a_polish_name_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.competence_save(actor=coordinator, data={"kind": "market", "name_en": "Germany"})

    assert not Competence.objects.exists()


def test_removing_a_term_takes_it_from_organisations_and_says_how_many(coordinator):
    competence = CompetenceFactory(name="ISO 9001", name_pl="ISO 9001", kind="certification")
    kept = CompetenceFactory()
    members = [active_member(), active_member(), OrganisationFactory()]
    for organisation in members:
        organisation.competences.set([competence, kept])

    lost = services.competence_delete(competence=competence, actor=coordinator)

    assert lost == 3
    assert not Competence.objects.filter(pk=competence.pk).exists()
    assert all(list(member.competences.all()) == [kept] for member in members)
    entry = AuditEntry.objects.get(action="competence.deleted")
    assert entry.changes["name_pl"] == "ISO 9001"
    assert sorted(entry.changes["organisations"]) == sorted(member.name for member in members)


def test_the_organisation_update_records_competences_and_keywords_by_name(coordinator):
    organisation = active_member()
    welding = CompetenceFactory(name="Spawanie", name_pl="Spawanie")
    cutting = CompetenceFactory(name="Cięcie laserowe", name_pl="Cięcie laserowe")
    organisation.competences.set([welding])

    services.organisation_update(
        organisation=organisation,
        actor=coordinator,
        data={"keywords": " barki ,Śluzy, BARKI,, "},
        competences=[welding, cutting],
    )

    organisation.refresh_from_db()
    assert organisation.keywords == "barki, Śluzy"
    assert set(organisation.competences.all()) == {welding, cutting}
    changes = AuditEntry.objects.get(action="organisation.updated").changes
    assert changes["competences"] == [["Spawanie"], ["Cięcie laserowe", "Spawanie"]]
    assert changes["keywords"] == ["", "barki, Śluzy"]


def test_an_update_that_leaves_competences_alone_records_nothing(coordinator):
    organisation = active_member()
    welding = CompetenceFactory()
    organisation.competences.set([welding])

    services.organisation_update(
        organisation=organisation, actor=coordinator, data={}, competences=[welding]
    )
    services.organisation_update(organisation=organisation, actor=coordinator, data={})

    assert not AuditEntry.objects.filter(action="organisation.updated").exists()
    assert list(organisation.competences.all()) == [welding]


def test_the_service_refuses_keywords_too_long_for_the_field(coordinator):
    organisation = active_member()

    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            organisation=organisation,
            actor=coordinator,
            data={"keywords": ", ".join(f"słowo{index:03d}" for index in range(60))},
        )

    assert "keywords" in error.value.error_dict
    organisation.refresh_from_db()
    assert organisation.keywords == ""


# --- Selectors -------------------------------------------------------------------------------


def test_matching_finds_active_members_by_any_competence_or_sector_once():
    welding, cutting, other = CompetenceFactory(), CompetenceFactory(), CompetenceFactory()
    metal = SectorFactory()
    both = active_member(name="Oba")
    both.competences.set([welding, cutting])
    both.sectors.set([metal])
    by_sector = active_member(name="Sektor")
    by_sector.sectors.set([metal])
    unrelated = active_member(name="Inny")
    unrelated.competences.set([other])
    applicant = OrganisationFactory(name="Kandydat")
    applicant.competences.set([welding])
    suspended = active_member(name="Zawieszony")
    suspended.competences.set([welding])
    Organisation.objects.filter(pk=suspended.pk).update(status=Organisation.Status.SUSPENDED)

    matched = selectors.organisations_matching(
        competence_ids=[welding.pk, cutting.pk], sector_ids=[metal.pk]
    )

    assert sorted(organisation.name for organisation in matched) == ["Oba", "Sektor"]
    assert list(selectors.organisations_matching(competence_ids=[other.pk], sector_ids=[])) == [
        unrelated
    ]
    assert not selectors.organisations_matching(competence_ids=[], sector_ids=[]).exists()


def test_terms_are_grouped_in_the_order_of_their_kinds():
    market = CompetenceFactory(kind="market", name="Niemcy", name_pl="Niemcy")
    iso = CompetenceFactory(kind="certification", name="ISO 9001", name_pl="ISO 9001")
    welding = CompetenceFactory(kind="competence", name="Spawanie", name_pl="Spawanie")
    cutting = CompetenceFactory(kind="competence", name="Cięcie", name_pl="Cięcie")

    groups = selectors.competences_grouped([iso, market, welding, cutting])

    assert [(kind.value, terms) for kind, terms in groups] == [
        ("competence", [cutting, welding]),
        ("market", [market]),
        ("certification", [iso]),
    ]


# --- Panel -----------------------------------------------------------------------------------


def test_the_list_groups_terms_by_kind_with_the_members_naming_each(coordinator_client):
    welding = CompetenceFactory(kind="competence", name="Spawanie", name_pl="Spawanie")
    CompetenceFactory(kind="market", name="Niemcy", name_pl="Niemcy")
    active_member().competences.add(welding)
    active_member().competences.add(welding)
    OrganisationFactory().competences.add(welding)  # an applicant is not counted

    response = coordinator_client.get(reverse("panel:competence_list"))

    groups = {kind.value: terms for kind, terms in response.context["groups"]}
    assert [(term.name, term.member_count) for term in groups["competence"]] == [("Spawanie", 2)]
    assert [term.name for term in groups["market"]] == ["Niemcy"]
    assert 'aria-current="page"' in response.content.decode()


def test_it_adds_a_term_in_five_languages(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("panel:competence_create"), {"kind": "competence", **NAMES}
    )

    assert response.status_code == 302
    competence = Competence.objects.get()
    assert (competence.slug, competence.name_ru) == (
        "spawanie-konstrukcji-stalowych",
        "Сварка стальных конструкций",
    )
    assert AuditEntry.objects.filter(action="competence.created", actor=coordinator).exists()


def test_a_term_without_a_polish_name_or_kind_is_refused_with_errors(coordinator_client):
    response = coordinator_client.post(
        reverse("panel:competence_create"), {"kind": "nonsense", "name_en": "Welding"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "name_pl"}
    assert not Competence.objects.exists()


def test_it_edits_a_term(coordinator_client):
    competence = CompetenceFactory(name="Spawanie", name_pl="Spawanie", slug="spawanie")

    response = coordinator_client.post(
        reverse("panel:competence_edit", args=[competence.pk]),
        {"kind": "technology", "name_pl": "Spawanie laserowe", "name_en": "Laser welding"},
    )

    assert response.status_code == 302
    competence.refresh_from_db()
    assert (competence.kind, competence.name_en, competence.slug) == (
        "technology",
        "Laser welding",
        "spawanie",
    )


def test_removal_says_how_many_organisations_lose_the_term_then_removes_it(client_for, coordinator):
    competence = CompetenceFactory(name="Spawanie", name_pl="Spawanie")
    active_member().competences.add(competence)
    OrganisationFactory().competences.add(competence)
    client = client_for(coordinator)
    url = reverse("panel:competence_delete", args=[competence.pk])

    page = client.get("/en" + url[3:])
    assert page.status_code == 200
    assert "2 organisations name “Spawanie”" in page.content.decode()
    assert Competence.objects.exists()

    response = client.post("/en" + url[3:], follow=True)

    assert not Competence.objects.exists()
    assert "2 organisations no longer name it" in response.content.decode()
    assert AuditEntry.objects.filter(action="competence.deleted").exists()


def test_removing_a_term_nobody_names_says_so(client_for, coordinator):
    competence = CompetenceFactory(name="Nieużywana", name_pl="Nieużywana")
    url = reverse("panel:competence_delete", args=[competence.pk])

    response = client_for(coordinator).post("/en" + url[3:], follow=True)

    assert "no organisation named it" in response.content.decode()


def test_the_coordinator_sets_an_organisations_competences_and_keywords(
    coordinator_client, coordinator
):
    organisation = active_member()
    welding = CompetenceFactory(kind="competence", name="Spawanie", name_pl="Spawanie")
    iso = CompetenceFactory(kind="certification", name="ISO 9001", name_pl="ISO 9001")
    url = reverse("panel:member_edit", args=[organisation.pk])
    form = coordinator_client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "") and name != "logo"
    }
    data.update(
        sectors=[],
        competences_competence=[welding.pk],
        competences_certification=[iso.pk],
        keywords="Barki;  śluzy , barki",
    )

    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert set(organisation.competences.all()) == {welding, iso}
    assert organisation.keywords == "Barki, śluzy"
    changes = AuditEntry.objects.get(action="organisation.updated", actor=coordinator).changes
    assert changes["competences"] == [[], ["ISO 9001", "Spawanie"]]
