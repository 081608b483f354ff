"""What the search looks through: one `Source` per kind of object, each read through its own app.

A source names the model, the fields its text is in (translated by modeltranslation or not), and
above all the queryset of what a user may open, taken from the owning app's selectors and role
checks: the search never decides visibility itself, it asks the same functions the app's own list
pages ask. A new app below the search adds its kind here, or calls `register` from the search's
own code; the search is the top floor, so it may read every app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User

Reader = User | AnonymousUser


@dataclass(frozen=True)
class Source:
    """One kind of object the search finds."""

    kind: str
    # Translators: the name of a kind of search result, plural ("News", "Events").
    label: Any
    model: type[Model]
    # What `user` may open, exactly as the app's own list page shows it.
    visible: Callable[[Reader], QuerySet[Any]]
    # Fields translated with modeltranslation (base names) and plain fields, as title or body.
    title_fields: tuple[str, ...] = ()
    body_fields: tuple[str, ...] = ()
    plain_title_fields: tuple[str, ...] = ()
    plain_body_fields: tuple[str, ...] = ()
    # Fields holding HTML (sanitised on save): their tags are dropped before indexing and snippets.
    html_fields: tuple[str, ...] = ()
    # Narrows `visible` to what the result list shows (select_related for the meta line).
    for_display: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda queryset: queryset)
    # The title a result shows (in the reader's language, Polish where untranslated).
    title_of: Callable[[Any], str] = field(default=lambda obj: str(getattr(obj, "title", obj)))
    # The date shown beside a result, if any.
    date_of: Callable[[Any], Any] = field(default=lambda obj: None)
    # Every object to index, whatever its state: visibility is decided when searching.
    indexable: Callable[[], QuerySet[Any]] | None = None

    def all_objects(self) -> QuerySet[Any]:
        if self.indexable is not None:
            return self.indexable()
        return self.model._default_manager.all()

    @property
    def translated_fields(self) -> tuple[str, ...]:
        return self.title_fields + self.body_fields


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace) a source; the search lists kinds in the order they were registered."""
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    if not _SOURCES:
        _register_defaults()
    return list(_SOURCES.values())


def source_for(kind: str) -> Source | None:
    return {source.kind: source for source in sources()}.get(kind)


def _register_defaults() -> None:
    """The apps below the search, each read through its own selectors and role checks."""
    from cooperation import selectors as cooperation_selectors
    from cooperation.models import Post
    from documents import selectors as document_selectors
    from documents.models import Document
    from events import selectors as event_selectors
    from events.models import Event
    from members import roles as member_roles
    from members import selectors as member_selectors
    from members.models import Organisation
    from news import selectors as news_selectors
    from news.models import Article, Page
    from projects import selectors as project_selectors
    from projects.models import Project
    from resolutions import selectors as resolution_selectors
    from resolutions.access import can_manage_resolutions
    from resolutions.models import Resolution

    def resolutions_visible(user: Reader) -> QuerySet[Any]:
        # The register lists published resolutions only; managers see drafts apart, not here.
        managing = can_manage_resolutions(user)
        return resolution_selectors.resolutions_visible_to(user, managing=managing).published()

    def projects_visible(user: Reader) -> QuerySet[Any]:
        sees_all = member_roles.sees_members_only_content(user)
        return project_selectors.projects_visible(sees_all=sees_all)

    def documents_visible(user: Reader) -> QuerySet[Any]:
        # The library's own rule: current versions of published documents in readable folders.
        readable = document_selectors.documents_readable_by(user=user)
        return Document.objects.filter(pk__in=readable.values("document_id"))

    for source in (
        Source(
            kind="article",
            label=_("News"),
            model=Article,
            visible=lambda user: news_selectors.articles_public(),
            title_fields=("title",),
            body_fields=("lead", "body"),
            html_fields=("body",),
            # The list's tags are not shown here.
            for_display=lambda queryset: queryset.prefetch_related(None),
            date_of=lambda article: article.published_at,
        ),
        Source(
            kind="page",
            label=_("Pages"),
            model=Page,
            visible=lambda user: news_selectors.pages_public(),
            title_fields=("title",),
            body_fields=("body",),
            html_fields=("body",),
        ),
        Source(
            kind="event",
            label=_("Events"),
            model=Event,
            visible=event_selectors.events_visible_to,
            title_fields=("title",),
            body_fields=("description", "programme"),
            plain_body_fields=("venue",),
            date_of=lambda event: event.starts_at,
        ),
        Source(
            kind="organisation",
            label=_("Members"),
            model=Organisation,
            # The directory's own list: active members only, as their public profiles.
            visible=lambda user: member_selectors.directory_organisations(),
            title_fields=(),
            body_fields=("description",),
            plain_title_fields=("name", "short_name"),
            plain_body_fields=("city", "keywords"),
            # The directory reads a few columns only; the result list shows the description.
            for_display=lambda queryset: queryset.defer(None).prefetch_related(None),
            title_of=lambda organisation: organisation.name,
        ),
        Source(
            kind="post",
            label=_("Cooperation board"),
            model=Post,
            visible=lambda user: cooperation_selectors.posts_on_board(user=user),
            title_fields=("title",),
            body_fields=("description",),
            for_display=lambda queryset: queryset.select_related("organisation"),
            date_of=lambda post: post.published_at,
        ),
        Source(
            kind="project",
            label=_("Projects"),
            model=Project,
            visible=projects_visible,
            title_fields=("title",),
            body_fields=("summary",),
            plain_title_fields=("acronym",),
            plain_body_fields=("programme",),
            for_display=lambda queryset: queryset.prefetch_related(None),
            title_of=lambda project: f"{project.acronym}: {project.title}",
        ),
        Source(
            kind="resolution",
            label=_("Resolutions"),
            model=Resolution,
            visible=resolutions_visible,
            title_fields=("title",),
            body_fields=("content",),
            # "12/2026" finds resolution 12 of 2026.
            plain_body_fields=("number", "year"),
            for_display=lambda queryset: queryset.select_related("body"),
            title_of=str,
            date_of=lambda resolution: resolution.decided_on,
        ),
        Source(
            kind="document",
            label=_("Documents"),
            model=Document,
            visible=documents_visible,
            title_fields=("title",),
            body_fields=("description",),
            for_display=lambda queryset: queryset.select_related("folder"),
            date_of=lambda document: document.updated_at,
        ),
    ):
        register(source)
