"""The coordinator's library: folders with reading rules, uploads, versions, archive and delete;
and the members' uploads where a folder allows them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from documents.models import Document, DocumentVersion, Folder
from members.models import ActionGroup
from tests.agreements.pdfs import clean_pdf

from .factories import make_document, make_folder

pytestmark = pytest.mark.django_db
PANEL = "/en/panel/documents/"


def test_the_coordinator_creates_nested_folders_and_edits_and_deletes_them(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(PANEL).status_code == 200
    assert client.get(f"{PANEL}folders/new/").status_code == 200
    group = ActionGroup.objects.create(name="Wodór", slug="wodor")
    response = client.post(
        f"{PANEL}folders/new/",
        {"title_pl": "Wodór", "access": "group", "kind": "group", "action_group": group.pk},
    )
    top = Folder.objects.get(title_pl="Wodór")
    assert response.status_code == 302
    assert (top.kind, top.action_group, top.access) == ("group", group, "group")

    client.post(
        f"{PANEL}folders/new/", {"title_pl": "Notatki", "access": "members", "parent": top.pk}
    )
    child = Folder.objects.get(title_pl="Notatki")
    assert (child.parent, child.kind, child.action_group) == (top, "group", group)
    assert client.get(f"{PANEL}folders/{child.pk}/").status_code == 200

    response = client.post(
        f"{PANEL}folders/{child.pk}/edit/",
        {"title_pl": "Notatki", "title_en": "Notes", "access": "public", "parent": top.pk},
    )
    child.refresh_from_db()
    assert (child.title_en, child.access) == ("Notes", "public")

    # A folder cannot move inside its own child.
    response = client.post(
        f"{PANEL}folders/{top.pk}/edit/",
        {"title_pl": "Wodór", "access": "group", "parent": child.pk},
    )
    assert response.status_code == 200
    top.refresh_from_db()
    assert top.parent is None

    # A non-empty folder stays; an empty one goes.
    client.post(f"{PANEL}folders/{top.pk}/delete/")
    assert Folder.objects.filter(pk=top.pk).exists()
    client.post(f"{PANEL}folders/{child.pk}/delete/")
    client.post(f"{PANEL}folders/{top.pk}/delete/")
    assert not Folder.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"documents.folder_created", "documents.folder_updated"} <= actions
    assert "documents.folder_deleted" in actions


def test_a_rule_that_does_not_fit_the_owner_is_refused(client_for, coordinator):
    response = client_for(coordinator).post(
        f"{PANEL}folders/new/", {"title_pl": "Rada?", "access": "body", "kind": "cluster"}
    )
    assert response.status_code == 200
    assert not Folder.objects.exists()


def test_missing_folders_are_created_once(client_for, coordinator):
    ActionGroup.objects.create(name="Wodór", slug="wodor")
    client = client_for(coordinator)
    client.post(f"{PANEL}folders/create-missing/")
    kinds = sorted(Folder.objects.values_list("kind", "access"))
    assert ("cluster", "members") in kinds and ("group", "group") in kinds
    count = Folder.objects.count()
    client.post(f"{PANEL}folders/create-missing/")
    assert Folder.objects.count() == count


def test_the_coordinator_uploads_adds_a_version_archives_restores_and_deletes(
    client_for, coordinator, private_root
):
    folder = make_folder(coordinator, title="Statut")
    client = client_for(coordinator)
    assert client.get(f"{PANEL}folders/{folder.pk}/upload/").status_code == 200
    response = client.post(
        f"{PANEL}folders/{folder.pk}/upload/",
        {"title_pl": "Statut", "file": SimpleUploadedFile("statut.pdf", clean_pdf())},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert client.get(f"{PANEL}{document.pk}/").status_code == 200
    client.post(
        f"{PANEL}{document.pk}/new-version/",
        {"file": SimpleUploadedFile("statut-2.pdf", clean_pdf()), "note": "Zmiana § 4"},
    )
    assert document.versions.count() == 2
    bad = client.post(
        f"{PANEL}{document.pk}/new-version/", {"file": SimpleUploadedFile("x.pdf", b"MZ...")}
    )
    assert bad.status_code == 400
    client.post(f"{PANEL}{document.pk}/", {"title_pl": "Statut klastra", "folder": folder.pk})
    document.refresh_from_db()
    assert document.title_pl == "Statut klastra"
    client.post(f"{PANEL}{document.pk}/archive/")
    document.refresh_from_db()
    assert document.status == "archived"
    client.post(f"{PANEL}{document.pk}/restore/")
    document.refresh_from_db()
    assert document.status == "published"
    with_files = [p for p in private_root.rglob("*") if p.is_file()]
    assert len(with_files) == 2
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"{PANEL}{document.pk}/delete/")
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not [p for p in private_root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("persona", ["employee", "representative", "outsider", "council_member"])
def test_only_the_coordinator_enters_the_panel(persona, request, client_for, coordinator):
    folder = make_folder(coordinator)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PANEL).status_code == 403
    assert client.get(f"{PANEL}folders/{folder.pk}/").status_code == 403


# --- Members' uploads ---------------------------------------------------------------------------


@pytest.fixture
def shared(coordinator):
    return make_folder(coordinator, title="Wspólny", members_may_upload=True)


def test_a_member_uploads_where_the_folder_allows_it(client_for, employee, shared):
    client = client_for(employee)
    assert client.get(f"/en/documents/folders/{shared.pk}/").status_code == 200
    assert client.get(f"/en/documents/folders/{shared.pk}/upload/").status_code == 200
    response = client.post(
        f"/en/documents/folders/{shared.pk}/upload/",
        {"title_pl": "Prezentacja", "file": SimpleUploadedFile("p.pdf", clean_pdf())},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.created_by == employee
    # Their own document takes a new version from them ...
    url = f"/en/documents/{document.pk}/new-version/"
    assert client.get(url).status_code == 200
    client.post(url, {"file": SimpleUploadedFile("p2.pdf", clean_pdf()), "note": "v2"})
    assert document.versions.count() == 2


def test_a_member_refused_a_hostile_file_sees_why(client_for, employee, shared):
    response = client_for(employee).post(
        f"/en/documents/folders/{shared.pk}/upload/",
        {"title_pl": "Program", "file": SimpleUploadedFile("p.pdf", b"MZ\x90\x00" * 20)},
    )
    assert response.status_code == 200
    assert "whatever its name says" in response.content.decode()
    assert not Document.objects.exists()


def test_another_members_document_takes_no_version_from_them(
    client_for, employee, council_member, shared
):
    document = make_document(council_member, shared, title="Rady")
    assert client_for(employee).get(f"/en/documents/{document.pk}/new-version/").status_code == 403


def test_a_folder_without_member_uploads_refuses_them(client_for, coordinator, employee):
    closed = make_folder(coordinator, title="Zamknięty")
    assert client_for(employee).get(f"/en/documents/folders/{closed.pk}/upload/").status_code == 403
    response = client_for(employee).post(
        f"/en/documents/folders/{closed.pk}/upload/",
        {"title_pl": "X", "file": SimpleUploadedFile("p.pdf", clean_pdf())},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_people_outside_the_folder_cannot_upload_to_it(client_for, coordinator, outsider):
    shared = make_folder(coordinator, title="Wspólny", members_may_upload=True)
    client = client_for(outsider)
    assert client.get(f"/en/documents/folders/{shared.pk}/upload/").status_code == 404
    assert client_for(None).get(f"/en/documents/folders/{shared.pk}/upload/").status_code == 302


def test_a_folder_page_runs_the_same_queries_however_many_documents(
    client_for, coordinator, employee, query_count
):
    folder = make_folder(coordinator, title="Wiele")
    make_document(coordinator, folder)
    client = client_for(employee)
    url = f"/en/documents/folders/{folder.pk}/"
    client.get(url)
    one = query_count(lambda: client.get(url))
    for number in range(3):
        make_document(coordinator, folder, title=f"Dokument {number}")
    assert query_count(lambda: client.get(url)) == one
