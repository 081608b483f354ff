"""Readers are told of a new document or version once each, in their own language; opt-out holds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import OutboundEmail
from documents import services
from documents.models import DocumentNotice, Folder
from tests.agreements.pdfs import clean_pdf
from tests.factories import PersonFactory, UserFactory

from .factories import make_document, make_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_member(represented_organisation):
    user = UserFactory(email="kollegin@example.com", language="de")
    PersonFactory(organisation=represented_organisation, user=user, email=user.email, language="de")
    return user


def _publish(coordinator, folder, capture):
    with capture(execute=True):
        return make_document(
            coordinator,
            folder,
            title="Sprawozdanie roczne",
            title_de="Jahresbericht",
            title_en="Annual report",
        )


def test_each_reader_is_told_once_in_their_language(
    coordinator,
    employee,
    representative,
    german_member,
    outsider,
    council_member,
    django_capture_on_commit_callbacks,
):
    folder = make_folder(coordinator, title="Członkowie", access=Folder.Access.MEMBERS)
    document = _publish(coordinator, folder, django_capture_on_commit_callbacks)
    mails = {mail.to: mail for mail in OutboundEmail.objects.filter(template__startswith="doc")}
    assert set(mails) == {
        "employee@example.com",
        "representative@example.com",
        "kollegin@example.com",
        "council@example.com",
    }
    german = mails["kollegin@example.com"]
    assert german.language == "de"
    assert "Jahresbericht" in german.subject
    assert f"/de/documents/{document.pk}/" in german.body_text
    polish = mails["employee@example.com"]
    assert "Sprawozdanie roczne" in polish.subject and "/pl/documents/" in polish.body_text

    # Run again (a redelivered task): nobody is told twice.
    version = document.versions.get()
    assert services.version_notices_send(version_id=version.pk) == 0
    assert DocumentNotice.objects.filter(version=version).count() == 4
    assert OutboundEmail.objects.filter(template="documents_new_version").count() == 4


def test_a_new_version_tells_the_readers_again_and_no_one_else(
    coordinator, employee, council_member, django_capture_on_commit_callbacks
):
    from members.models import ActionGroup

    group = ActionGroup.objects.create(name="AI", slug="ai")
    group.organisations.add(employee.person.organisation)
    folder = make_folder(coordinator, title="Grupa AI", access=Folder.Access.GROUP, owner=group)
    document = _publish(coordinator, folder, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_add(
            document=document,
            upload=SimpleUploadedFile("v2.pdf", clean_pdf()),
            note="v2",
            actor=coordinator,
        )
    told = list(
        OutboundEmail.objects.filter(template="documents_new_version").values_list("to", flat=True)
    )
    assert sorted(told) == sorted(["employee@example.com", "representative@example.com"] * 2)
    assert "council@example.com" not in told


def test_a_person_who_opted_out_is_not_told(
    coordinator, employee, representative, client_for, django_capture_on_commit_callbacks
):
    client = client_for(employee)
    assert client.get("/en/documents/notices/").status_code == 200
    response = client.post("/en/documents/notices/", {})
    assert response.status_code == 302
    folder = make_folder(coordinator, title="Członkowie", access=Folder.Access.MEMBERS)
    _publish(coordinator, folder, django_capture_on_commit_callbacks)
    told = set(
        OutboundEmail.objects.filter(template="documents_new_version").values_list("to", flat=True)
    )
    assert told == {"representative@example.com"}
    # Switched on again, the next document reaches them.
    client.post("/en/documents/notices/", {"wanted": "on"})
    _publish(coordinator, folder, django_capture_on_commit_callbacks)
    assert OutboundEmail.objects.filter(to="employee@example.com").count() == 1


def test_an_uploading_member_is_not_told_of_their_own_document(
    coordinator, employee, representative, django_capture_on_commit_callbacks
):
    folder = make_folder(
        coordinator, title="Wspólny", access=Folder.Access.MEMBERS, members_may_upload=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_document(employee, folder, title="Od pracownika")
    told = set(
        OutboundEmail.objects.filter(template="documents_new_version").values_list("to", flat=True)
    )
    assert told == {"representative@example.com"}


def test_an_archived_document_tells_no_one(
    coordinator, employee, django_capture_on_commit_callbacks
):
    folder = make_folder(coordinator, title="Członkowie", access=Folder.Access.MEMBERS)
    document = make_document(coordinator, folder)  # callbacks not run: the task has not run yet
    services.document_archive(document=document, actor=coordinator)
    assert services.version_notices_send(version_id=document.versions.get().pk) == 0
    assert not OutboundEmail.objects.filter(template="documents_new_version").exists()
