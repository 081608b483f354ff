"""Who reads which folder: every persona against a folder of every kind and rule, through the
selectors, the pages and the downloads; and the people told of a document are its readers."""

import pytest

from documents import selectors
from documents.models import DocumentVersion

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "representative",
    "employee",
    "council_member",
    "appointed",
    "coordinator",
]
MEMBERS = {"representative", "employee", "council_member", "appointed"}
READERS = {
    "public": set(PERSONAS),
    "members": MEMBERS | {"coordinator"},
    "council": {"council_member", "coordinator"},
    "assembly": MEMBERS | {"coordinator"},
    "committee": {"appointed", "coordinator"},
    "group": {"representative", "employee", "coordinator"},
    "project": {"council_member", "coordinator"},
    "council_public": {"council_member", "coordinator"},
}


@pytest.fixture
def personas(request, library):
    def user(name):
        if name == "anonymous":
            return None
        if name == "appointed":
            return library.appointed
        return request.getfixturevalue(name)

    return user


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_exactly_the_folders_its_rules_allow(persona, personas, library):
    user = personas(persona)
    readable = selectors.readable_folder_ids(user=user)
    expected = {
        getattr(library.folders, name).pk for name, readers in READERS.items() if persona in readers
    }
    assert readable == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_search_selector_gives_the_current_versions_of_readable_documents(
    persona, personas, library
):
    versions = selectors.documents_readable_by(user=personas(persona))
    expected = {
        getattr(library.documents, name).pk
        for name, readers in READERS.items()
        if persona in readers
    }
    assert {version.document_id for version in versions} == expected
    assert all(version.is_current for version in versions)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_and_downloads_answer_readers_and_hide_the_rest(
    persona, personas, library, client_for
):
    client = client_for(personas(persona))
    assert client.get("/en/documents/").status_code == 200
    for name, readers in READERS.items():
        folder = getattr(library.folders, name)
        document = getattr(library.documents, name)
        version = DocumentVersion.objects.get(document=document)
        status = 200 if persona in readers else 404
        assert client.get(f"/en/documents/folders/{folder.pk}/").status_code == status, name
        assert client.get(f"/en/documents/{document.pk}/").status_code == status, name
        download = client.get(f"/en/documents/versions/{version.pk}/download/")
        assert download.status_code == status, name


def test_the_index_lists_only_readable_top_folders(client_for, employee, library):
    response = client_for(employee).get("/pl/documents/")
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Publiczny", "Dla członków", "Walne", "Grupa"):
        assert name in content
    for name in ("Komisja", ">Projekt<", ">Rada<"):
        assert name not in content


@pytest.mark.parametrize("folder_name", list(READERS))
def test_the_people_told_are_the_readers_with_a_person(folder_name, personas, library):
    folder = getattr(library.folders, folder_name)
    told = {person.user for person in selectors.people_to_tell(folder=folder)}
    # The coordinator reads everything but has no person; anonymous and outsiders none either.
    expected = {personas(name) for name in READERS[folder_name] & MEMBERS}
    assert told == expected


def test_a_member_that_leaves_loses_its_members_folders(library, employee, representative):
    organisation = representative.person.organisation
    organisation.status = "former"
    organisation.save()
    readable = selectors.readable_folder_ids(user=employee)
    assert readable == {library.folders.public.pk}


def test_an_archived_document_is_hidden_from_readers_but_not_the_coordinator(
    library, client_for, employee, coordinator
):
    from documents import services

    document = library.documents.members
    services.document_archive(document=document, actor=coordinator)
    version = DocumentVersion.objects.get(document=document)
    assert client_for(employee).get(f"/en/documents/{document.pk}/").status_code == 404
    assert (
        client_for(employee).get(f"/en/documents/versions/{version.pk}/download/").status_code
        == 404
    )
    assert version not in selectors.documents_readable_by(user=employee)
    assert client_for(coordinator).get(f"/en/documents/{document.pk}/").status_code == 200
