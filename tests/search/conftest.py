"""Objects of every source that the search tests look for, and a way to search as a persona."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from cooperation.models import Post
from documents import services as document_services
from documents.models import Folder
from events.models import Event
from members.models import Organisation
from news.models import Article
from projects.models import Project
from resolutions import services as resolution_services
from resolutions.models import GoverningBody
from search import selectors, services
from tests.cooperation.factories import PostFactory
from tests.documents.factories import make_document, make_folder
from tests.events.factories import EventFactory
from tests.factories import active_member
from tests.news.conftest import ArticleFactory, PageFactory
from tests.projects.factories import ProjectFactory


def find(user, query, *, language="pl", kind="", page=1):
    """Search as `user` in `language`; return the Search."""
    with translation.override(language):
        return selectors.search(user=user, query=query, kind=kind, page=page, language=language)


def found(user, query, **kwargs):
    """The (kind, pk) pairs of what `user` finds for `query`, in rank order."""
    return [(result.source.kind, result.obj.pk) for result in find(user, query, **kwargs).results]


def reindex():
    """Bring the index up to date (PostgreSQL); on SQLite the search reads the tables."""
    services.search_index_rebuild()


@pytest.fixture
def bodies(db):
    call_command("seed_governance", stdout=io.StringIO())
    return {body.slug: body for body in GoverningBody.objects.all()}


def resolution(body, *, actor, is_public=True, adopt=True, **fields):
    """A resolution of `body`, adopted at a meeting by everyone entitled (or left a draft)."""
    data = {
        "body": body,
        "title_pl": "Uchwała w sprawie klastra",
        "title_en": "Resolution on the cluster",
        "content_pl": "Przyjmuje się plan klastra.",
        "content_en": "The cluster's plan is adopted.",
        "legal_basis": "§ 12 Regulaminu Klastra",
        "is_public": is_public,
        "is_secret": False,
        "quorum_percent": body.quorum_percent,
        "majority": body.majority,
        "majority_base": body.majority_base,
        **fields,
    }
    draft = resolution_services.resolution_draft_save(actor=actor, data=data)
    if not adopt:
        return draft
    today = timezone.localdate()
    attendees = [person for person, _org in resolution_services.electorate_of(body, on=today)]
    return resolution_services.meeting_vote_record(
        resolution=draft,
        actor=actor,
        meeting_date=today,
        attendees=attendees,
        votes_for=len(attendees),
        votes_against=0,
        votes_abstain=0,
    )


@pytest.fixture
def sources_world(db, bodies, coordinator, representative, employee, council_member, outsider):
    """One object of each source that everyone may open, each with the word "Klaster" in it,
    and beside each one that only some may open ("Tajny"), and nothing else."""
    o = {}
    o["article"] = ArticleFactory(
        title_pl="Klaster rośnie", title_en="The cluster grows", slug="klaster-rosnie"
    )
    o["draft_article"] = ArticleFactory(
        title_pl="Tajny klaster szkic", slug="tajny-szkic", status=Article.Status.DRAFT
    )
    o["scheduled_article"] = ArticleFactory(
        title_pl="Tajny klaster zaplanowany",
        slug="tajny-zaplanowany",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    o["page"] = PageFactory(
        slug="o-klastrze", title_pl="O klastrze", body_pl="<p>Nasz klaster.</p>"
    )
    o["event"] = EventFactory(
        title="Forum klastra",
        title_pl="Forum klastra",
        audience=Event.Audience.PUBLIC,
        slug="forum",
    )
    o["members_event"] = EventFactory(
        title="Tajny klaster spotkanie",
        title_pl="Tajny klaster spotkanie",
        audience=Event.Audience.MEMBERS,
        slug="tajne-spotkanie",
    )
    o["draft_event"] = EventFactory(
        title="Tajny klaster wydarzenie szkic",
        title_pl="Tajny klaster wydarzenie szkic",
        audience=Event.Audience.PUBLIC,
        status=Event.Status.DRAFT,
        slug="tajny-szkic-wydarzenia",
    )
    o["organisation"] = active_member(
        name="Klaster Maszyn Sp. z o.o.", slug="klaster-maszyn", description_pl="Obrabiarki."
    )
    o["suspended_organisation"] = active_member(name="Tajny Klaster Zawieszony", slug="zawieszony")
    Organisation.objects.filter(pk=o["suspended_organisation"].pk).update(
        status=Organisation.Status.SUSPENDED
    )
    o["post"] = PostFactory(title="Klaster szuka partnera", title_pl="Klaster szuka partnera")
    o["members_post"] = PostFactory(
        title="Tajny klaster oferta",
        title_pl="Tajny klaster oferta",
        visibility=Post.Visibility.MEMBERS,
    )
    o["pending_post"] = PostFactory(
        title="Tajny klaster oczekuje",
        title_pl="Tajny klaster oczekuje",
        status=Post.Status.PENDING,
        published_at=None,
    )
    o["project"] = ProjectFactory(title="Klaster w chmurze", title_pl="Klaster w chmurze")
    o["members_project"] = ProjectFactory(
        title="Tajny klaster konsorcjum",
        title_pl="Tajny klaster konsorcjum",
        status=Project.Status.CONSORTIUM,
    )
    o["resolution"] = resolution(bodies["member-assembly"], actor=coordinator)
    o["council_resolution"] = resolution(
        bodies["council"],
        actor=coordinator,
        is_public=False,
        title_pl="Tajna uchwała klastra Rady",
        title_en="Secret council resolution of the cluster",
    )
    o["draft_resolution"] = resolution(
        bodies["council"],
        actor=coordinator,
        adopt=False,
        title_pl="Tajna uchwała klastra szkic",
        title_en="Secret draft resolution of the cluster",
    )
    public_folder = make_folder(coordinator, title="Regulaminy", access=Folder.Access.PUBLIC)
    members_folder = make_folder(coordinator, title="Dla członków", access=Folder.Access.MEMBERS)
    council_folder = make_folder(
        coordinator, title="Rada", access=Folder.Access.BODY, owner=bodies["council"]
    )
    o["document"] = make_document(coordinator, public_folder, title="Regulamin klastra")
    o["members_document"] = make_document(
        coordinator, members_folder, title="Tajny klaster dokument"
    )
    o["council_document"] = make_document(
        coordinator, council_folder, title="Tajny klaster dokument Rady"
    )
    o["archived_document"] = make_document(
        coordinator, public_folder, title="Tajny klaster archiwum"
    )
    document_services.document_archive(document=o["archived_document"], actor=coordinator)
    reindex()
    return o
