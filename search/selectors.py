"""Search: one query over every source, ranked, limited to what the reader may open.

On PostgreSQL the words are matched in the index (`SearchEntry`): the reader's language's vector
(stemmed by its configuration) or the Polish one, ranked by `ts_rank` with titles weighing more;
each kind is then narrowed to the objects its app's selectors show the reader, in the same query,
so the counts and the pages hold only what the reader may open. Elsewhere (SQLite in development
and tests) each source's visible objects are searched with `icontains` over the reader's
language's and Polish fields and ranked by where the words are found.

Either way a page costs a fixed number of queries: the role checks, one count per search (or per
source on SQLite), the page of hits, and one query per kind shown on the page.
"""

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.models import User
from core.i18n import fallback_language

from . import text
from .models import SearchEntry
from .services import config_for, uses_index
from .sources import Source, sources

PAGE_SIZE = 20
TITLE_WEIGHT = 3
BODY_WEIGHT = 1


@dataclass
class Hit:
    kind: str
    pk: int
    rank: float


@dataclass
class Result:
    """One found object as the result list shows it."""

    source: Source
    obj: Any
    url: str
    title: SafeString
    snippet: SafeString
    date: Any
    # The language the text is shown in instead of the reader's ("" when it is not).
    fallback_language: str


@dataclass
class KindCount:
    kind: str
    label: Any
    count: int


@dataclass
class Search:
    query: str
    terms: list[str]
    kind: str
    counts: list[KindCount] = field(default_factory=list)
    total: int = 0
    page: Page | None = None
    results: list[Result] = field(default_factory=list)

    @property
    def everything(self) -> int:
        """How many results all kinds hold together."""
        return sum(item.count for item in self.counts)


def _languages(language: str) -> list[str]:
    """The reader's language and Polish, the fallback, in that order."""
    fallback = settings.LANGUAGE_CODE
    known = {code for code, _name in settings.LANGUAGES}
    language = language if language in known else fallback
    return [language] if language == fallback else [language, fallback]


def search(
    *,
    user: User | AnonymousUser,
    query: str,
    kind: str = "",
    page: int | str | None = 1,
    language: str | None = None,
    page_size: int = PAGE_SIZE,
) -> Search:
    """Find what `user` may open that matches `query`; `kind` narrows it to one source."""
    language = language or get_language() or settings.LANGUAGE_CODE
    terms = text.query_terms(query)
    all_sources = sources()
    kinds = {source.kind for source in all_sources}
    kind = kind if kind in kinds else ""
    result = Search(query=query, terms=terms, kind=kind)
    if not terms:
        return result
    visible = {source.kind: source.visible(user) for source in all_sources}
    backend = _IndexSearch if uses_index() else _TableSearch
    finder = backend(all_sources, visible, terms, _languages(language))
    counts = finder.counts()
    result.counts = [
        KindCount(source.kind, source.label, counts.get(source.kind, 0))
        for source in all_sources
        if counts.get(source.kind)
    ]
    result.total = counts.get(kind, 0) if kind else sum(counts.values())
    result.page = Paginator(range(result.total), page_size).get_page(page)
    if result.total:
        offset = (result.page.number - 1) * page_size
        hits = finder.hits(kind=kind, offset=offset, limit=page_size)
        result.results = _present(hits, all_sources, visible, terms, language)
    return result


# --- PostgreSQL: the index ------------------------------------------------------------------


class _IndexSearch:
    def __init__(
        self,
        all_sources: Sequence[Source],
        visible: dict[str, QuerySet[Any]],
        terms: list[str],
        languages: list[str],
    ) -> None:
        self.sources = all_sources
        matches, ranks = Q(pk__in=[]), []
        for language in languages:
            # Polish words are matched by prefix (no stemmer); the others by their stems' prefix.
            words = [text.stem_prefix(term) if language == "pl" else term for term in terms]
            raw = " & ".join(f"{word}:*" for word in words)
            search_query = SearchQuery(raw, config=config_for(language), search_type="raw")
            column = f"vector_{language}"
            matches |= Q(**{column: search_query})
            ranks.append(SearchRank(F(column), search_query))
        readable = reduce(
            operator.or_,
            (
                Q(kind=source.kind, object_id__in=visible[source.kind].values("pk"))
                for source in all_sources
            ),
        )
        self.entries = SearchEntry.objects.filter(matches).filter(readable)
        self.rank = Greatest(*ranks) if len(ranks) > 1 else ranks[0]

    def counts(self) -> dict[str, int]:
        return dict(self.entries.values_list("kind").annotate(total=Count("pk")).order_by())

    def hits(self, *, kind: str, offset: int, limit: int) -> list[Hit]:
        entries = self.entries.filter(kind=kind) if kind else self.entries
        rows = (
            entries.annotate(rank=self.rank)
            .order_by("-rank", "kind", "-object_id")
            .values_list("kind", "object_id", "rank")[offset : offset + limit]
        )
        return [Hit(kind, pk, rank) for kind, pk, rank in rows]


# --- Elsewhere: the apps' tables ------------------------------------------------------------


class _TableSearch:
    def __init__(
        self,
        all_sources: Sequence[Source],
        visible: dict[str, QuerySet[Any]],
        terms: list[str],
        languages: list[str],
    ) -> None:
        self.sources = all_sources
        self.found: dict[str, QuerySet[Any]] = {}
        words = [text.stem_prefix(term) for term in terms]
        for source in all_sources:
            title_columns = _columns(source.title_fields, languages) + list(
                source.plain_title_fields
            )
            body_columns = _columns(source.body_fields, languages) + list(source.plain_body_fields)
            queryset = visible[source.kind]
            for word in words:
                queryset = queryset.filter(
                    reduce(
                        operator.or_,
                        (
                            Q(**{f"{column}__icontains": word})
                            for column in title_columns + body_columns
                        ),
                    )
                )
            score = sum(
                (
                    Case(
                        When(**{f"{column}__icontains": word}, then=Value(weight)),
                        default=Value(0),
                        output_field=FloatField(),
                    )
                    for word in words
                    for columns, weight in (
                        (title_columns, TITLE_WEIGHT),
                        (body_columns, BODY_WEIGHT),
                    )
                    for column in columns
                ),
                Value(0.0, output_field=FloatField()),
            )
            self.found[source.kind] = queryset.annotate(search_score=score)

    def counts(self) -> dict[str, int]:
        return {kind: queryset.count() for kind, queryset in self.found.items()}

    def hits(self, *, kind: str, offset: int, limit: int) -> list[Hit]:
        hits: list[Hit] = []
        for source_kind, queryset in self.found.items():
            if kind and source_kind != kind:
                continue
            rows = queryset.order_by("-search_score", "-pk").values_list("pk", "search_score")
            hits.extend(Hit(source_kind, pk, score) for pk, score in rows[: offset + limit])
        order = {source.kind: index for index, source in enumerate(self.sources)}
        hits.sort(key=lambda hit: (-hit.rank, order[hit.kind], -hit.pk))
        return hits[offset : offset + limit]


def _columns(fields: Sequence[str], languages: Sequence[str]) -> list[str]:
    return [f"{name}_{language}" for name in fields for language in languages]


# --- The page of results ---------------------------------------------------------------------


def _present(
    hits: list[Hit],
    all_sources: Sequence[Source],
    visible: dict[str, QuerySet[Any]],
    terms: list[str],
    language: str,
) -> list[Result]:
    """Read the objects of a page of hits, one query per kind, and build their results.

    The objects are read again through what the reader may open: a hit can never bring in an
    object the reader's querysets do not hold.
    """
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.pk)
    objects: dict[tuple[str, int], Any] = {}
    source_of = {source.kind: source for source in all_sources}
    for kind, pks in by_kind.items():
        source = source_of[kind]
        for obj in source.for_display(visible[kind].filter(pk__in=pks)):
            objects[(kind, obj.pk)] = obj
    prefixes = text.highlight_prefixes(terms)
    results = []
    for hit in hits:
        obj = objects.get((hit.kind, hit.pk))
        if obj is None:
            continue
        source = source_of[hit.kind]
        results.append(_result(source, obj, prefixes, language))
    return results


def _result(source: Source, obj: Any, prefixes: list[str], language: str) -> Result:
    title = source.title_of(obj)
    body = text.field_text(obj, source.body_fields, language=None, html_fields=source.html_fields)
    if not body:
        body = text.field_text(obj, source.plain_body_fields, language=None, html_fields=())
    return Result(
        source=source,
        obj=obj,
        url=obj.get_absolute_url(),
        title=text.highlight(title, prefixes),
        snippet=text.snippet(body, prefixes),
        date=source.date_of(obj),
        fallback_language=fallback_language(obj, source.translated_fields, language)
        if source.translated_fields
        else "",
    )
