"""A representative keeps their organisation's competences and keywords on "My organisation"."""

import pytest

from core.models import AuditEntry
from members.models import Competence, Organisation
from members.validators import KEYWORD_MAX_LENGTH, normalise_keywords
from tests.factories import CompetenceFactory
from tests.members.test_my_organisation import EDIT, profile_data

pytestmark = pytest.mark.django_db


def _untranslated(competence):
    """Keep the term in Polish only (the factory names it in the active language too)."""
    Competence.objects.filter(pk=competence.pk).update(name_en="", name_de="", name_fr="")
    competence.refresh_from_db()
    return competence


@pytest.fixture
def vocabulary(db):
    return {
        "welding": CompetenceFactory(
            kind="competence", name="Spawanie", name_pl="Spawanie", name_en="Welding"
        ),
        "iot": _untranslated(CompetenceFactory(kind="technology", name_pl="Internet rzeczy")),
        "germany": CompetenceFactory(
            kind="market", name="Niemcy", name_pl="Niemcy", name_en="Germany"
        ),
        "iso": CompetenceFactory(
            kind="certification", name="ISO 9001", name_pl="ISO 9001", name_en="ISO 9001"
        ),
    }


def test_the_page_offers_one_labelled_checkbox_list_per_kind(
    client_for, representative, vocabulary
):
    content = client_for(representative).get("/en/my-organisation/").content.decode()

    for legend in ("Competences", "Technologies", "Markets", "Certifications"):
        assert f"<legend>{legend}</legend>" in content
    assert 'type="checkbox" name="competences_market"' in content
    assert "Germany" in content
    # A term not translated into English is shown in Polish, marked as such.
    assert '<span lang="pl">Internet rzeczy</span>' in content
    assert "in Polish" in content


def test_the_representative_sets_competences_and_keywords(
    client_for, representative, represented_organisation, vocabulary
):
    response = client_for(representative).post(
        EDIT,
        profile_data(
            represented_organisation,
            competences_competence=[vocabulary["welding"].pk],
            competences_market=[vocabulary["germany"].pk],
            competences_certification=[vocabulary["iso"].pk],
            keywords="  Barki rzeczne ,śluzy;BARKI RZECZNE\n  holowniki ",
        ),
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=represented_organisation.pk)
    assert set(organisation.competences.all()) == {
        vocabulary["welding"],
        vocabulary["germany"],
        vocabulary["iso"],
    }
    assert organisation.keywords == "Barki rzeczne, śluzy, holowniki"
    entry = AuditEntry.objects.get(action="organisation.updated", actor=representative)
    assert entry.changes["competences"] == [[], ["ISO 9001", "Niemcy", "Spawanie"]]
    assert entry.changes["keywords"] == ["", "Barki rzeczne, śluzy, holowniki"]


def test_unticking_every_term_clears_them(
    client_for, representative, represented_organisation, vocabulary
):
    represented_organisation.competences.set(vocabulary.values())

    client_for(representative).post(EDIT, profile_data(represented_organisation))

    assert not represented_organisation.competences.exists()


def test_the_form_shows_the_terms_already_chosen_as_ticked(
    client_for, representative, represented_organisation, vocabulary
):
    represented_organisation.competences.set([vocabulary["iso"]])

    form = client_for(representative).get(EDIT).context["form"]

    assert form["competences_certification"].value() == [vocabulary["iso"].pk]
    assert form["competences_market"].value() == []


def test_a_keyword_too_long_is_refused_with_a_translated_error(
    client_for, representative, represented_organisation
):
    keyword = "x" * (KEYWORD_MAX_LENGTH + 1)

    response = client_for(representative).post(
        "/en/my-organisation/", profile_data(represented_organisation, keywords=f"ok, {keyword}")
    )

    assert response.status_code == 200
    assert "a keyword has at most 40 characters" in str(response.context["form"].errors)
    represented_organisation.refresh_from_db()
    assert represented_organisation.keywords == ""


def test_too_many_keywords_are_refused(client_for, representative, represented_organisation):
    keywords = ", ".join(f"słowo kluczowe {index}" for index in range(30))

    response = client_for(representative).post(
        EDIT, profile_data(represented_organisation, keywords=keywords)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["keywords"]
    assert not AuditEntry.objects.filter(action="organisation.updated").exists()


@pytest.mark.parametrize(
    "hostile",
    [
        {"competences_market": ["99999999999999999999999999999999"]},
        {"competences_market": ["not-a-number"]},
        # A term of another kind posted under this kind's list.
        "kind-mismatch",
        {"keywords": "a\x00b"},
        {"keywords": "<script>alert(1)</script>, " * 3},
    ],
)
def test_hostile_input_saves_nothing_or_only_what_is_safe(
    client_for, representative, represented_organisation, vocabulary, hostile
):
    if hostile == "kind-mismatch":
        hostile = {"competences_market": [vocabulary["welding"].pk]}

    response = client_for(representative).post(
        EDIT, profile_data(represented_organisation, **hostile)
    )

    organisation = Organisation.objects.get(pk=represented_organisation.pk)
    if response.status_code == 302:
        # Only the script keyword is acceptable input; it is stored as text and shown escaped.
        assert organisation.keywords == "<script>alert(1)</script>"
        page = client_for(None).get(organisation.get_absolute_url()).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page
    else:
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not organisation.competences.exists()
        assert organisation.keywords == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        (" , ,; ", ""),
        ("ISO, iso ,Iso", "ISO"),
        ("dwa   słowa,\tdwa słowa", "dwa słowa"),
        ("a;b\nc", "a, b, c"),
    ],
)
def test_keywords_are_normalised(typed, stored):
    assert normalise_keywords(typed) == stored
