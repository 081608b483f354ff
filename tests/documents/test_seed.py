"""The demo library: built once, from the bodies, groups and projects there are, mailing nobody."""

import io

import pytest
from django.core.management import call_command

from core.models import OutboundEmail
from documents.models import Document, DocumentVersion, Folder
from tests.factories import ActionGroupFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_built_once(
    settings, coordinator, employee, django_capture_on_commit_callbacks
):
    settings.SEED_DEMO_ALLOWED = True
    call_command("seed_governance", stdout=io.StringIO())
    ActionGroupFactory()
    ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_documents", stdout=io.StringIO())
    kinds = set(Folder.objects.filter(parent__isnull=True).values_list("kind", flat=True))
    assert kinds == {"cluster", "body", "group", "project"}
    assert Document.objects.count() == 6
    statutes = Document.objects.get(title_pl="Statut klastra")
    assert statutes.title_de == "Satzung des Clusters"
    assert statutes.versions.count() == 2
    assert statutes.folder.access == "public"
    assert not OutboundEmail.objects.exists()
    counts = (Folder.objects.count(), Document.objects.count(), DocumentVersion.objects.count())

    call_command("seed_documents", stdout=io.StringIO())
    assert (
        Folder.objects.count(),
        Document.objects.count(),
        DocumentVersion.objects.count(),
    ) == counts


def test_without_a_coordinator_nothing_is_added(settings):
    settings.SEED_DEMO_ALLOWED = True
    out = io.StringIO()
    call_command("seed_documents", stdout=out)
    assert not Folder.objects.exists()
    assert "No coordinator" in out.getvalue()
