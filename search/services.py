"""Search: keeping the index in step with the apps' objects (PostgreSQL only).

No signal receivers: a beat task refreshes the index every few minutes from the objects changed
since the last refresh (`updated_at`), drops rows whose object is gone, and rebuilds everything
at night, which also catches a change written by `QuerySet.update()`. `manage.py search_reindex`
runs either by hand. The index holds words only; who may see a row is decided when searching.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import text
from .models import IndexState, SearchEntry
from .sources import Source, sources

CHUNK = 500
# Objects changed this long before the last refresh are read again: a transaction that was still
# open when the refresh began commits rows with an older `updated_at`.
REFRESH_OVERLAP = datetime.timedelta(minutes=5)

# The text-search configuration of each language; Polish has no stemmer in PostgreSQL, so its
# configuration (made by the migration) is `simple` with `unaccent` where the extension exists.
CONFIGS = {"pl": "portal_pl", "en": "english", "de": "german", "fr": "french", "ru": "russian"}


def uses_index() -> bool:
    """The index is PostgreSQL's; other databases search the apps' tables directly."""
    return connection.vendor == "postgresql"


def config_for(language: str) -> str:
    return CONFIGS.get(language, "simple")


_LANGUAGE_COLUMNS = ", ".join(f"t_{code} text, b_{code} text" for code in CONFIGS)
_UPSERT = (
    "INSERT INTO search_searchentry (kind, object_id, indexed_at, "
    + ", ".join(f"vector_{code}" for code in CONFIGS)
    + ") SELECT v.kind, v.object_id, %s, "
    + ", ".join(
        f"setweight(to_tsvector('{config}', v.t_{code}), 'A') "
        f"|| setweight(to_tsvector('{config}', v.b_{code}), 'B')"
        for code, config in CONFIGS.items()
    )
    + " FROM unnest(%s::text[], %s::bigint[], "
    + ", ".join("%s::text[], %s::text[]" for _code in CONFIGS)
    + f") AS v(kind, object_id, {', '.join(f't_{code}, b_{code}' for code in CONFIGS)})"
    + " ON CONFLICT (kind, object_id) DO UPDATE SET indexed_at = EXCLUDED.indexed_at, "
    + ", ".join(f"vector_{code} = EXCLUDED.vector_{code}" for code in CONFIGS)
)


def _texts(source: Source, obj: Any) -> list[str]:
    """The title and the text of `obj` in each language, Polish with the untranslated fields."""
    texts = []
    for language in CONFIGS:
        title = text.field_text(
            obj, source.title_fields, language=language, html_fields=source.html_fields
        )
        body = text.field_text(
            obj, source.body_fields, language=language, html_fields=source.html_fields
        )
        if language == "pl":
            # The fields that are not translated are searched in every language with Polish.
            plain_title = text.field_text(
                obj, source.plain_title_fields, language=None, html_fields=()
            )
            plain_body = text.field_text(
                obj, source.plain_body_fields, language=None, html_fields=()
            )
            title = " ".join(part for part in (title, plain_title) if part)
            body = " ".join(part for part in (body, plain_body) if part)
        texts += [title, body]
    return texts


def _write(source: Source, objects: Iterable[Any], now: datetime.datetime) -> int:
    written, batch = 0, []
    for obj in objects:
        batch.append((obj.pk, _texts(source, obj)))
        if len(batch) >= CHUNK:
            written += _upsert(source.kind, batch, now)
            batch = []
    if batch:
        written += _upsert(source.kind, batch, now)
    return written


def _upsert(kind: str, batch: list[tuple[int, list[str]]], now: datetime.datetime) -> int:
    """Write a chunk of rows in one statement: each column goes as one array (unnest)."""
    columns: list[list[Any]] = [[kind] * len(batch), [pk for pk, _texts in batch]]
    for index in range(2 * len(CONFIGS)):
        # A NUL cannot be stored in a PostgreSQL text value.
        columns.append([texts[index].replace("\x00", "") for _pk, texts in batch])
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [now, *columns])
    return len(batch)


def _drop_gone(source: Source) -> int:
    """Delete the rows of `source` whose object no longer exists."""
    existing = source.model._default_manager.values("pk")
    deleted, _by_model = (
        SearchEntry.objects.filter(kind=source.kind).exclude(object_id__in=existing).delete()
    )
    return deleted


def _objects(source: Source, since: datetime.datetime | None) -> Iterable[Any]:
    objects = source.all_objects().order_by("pk")
    if since is not None:
        objects = objects.filter(updated_at__gte=since)
    return objects.iterator(chunk_size=CHUNK)


def search_index_rebuild(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Index every object of every source (or of `kinds`); return the rows written per kind."""
    return _index(kinds=kinds, full=True)


def search_index_refresh() -> dict[str, int]:
    """Index the objects changed since the last refresh and drop the rows of deleted ones."""
    return _index(kinds=None, full=False)


def _index(*, kinds: Iterable[str] | None, full: bool) -> dict[str, int]:
    if not uses_index():
        return {}
    wanted = set(kinds) if kinds is not None else None
    now = timezone.now()
    state = IndexState.objects.filter(pk=1).first()
    since = None
    if not full and state is not None and state.refreshed_at is not None:
        since = state.refreshed_at - REFRESH_OVERLAP
    counts: dict[str, int] = {}
    for source in sources():
        if wanted is not None and source.kind not in wanted:
            continue
        with transaction.atomic():
            counts[source.kind] = _write(source, _objects(source, since), now)
            _drop_gone(source)
    if wanted is None:
        with transaction.atomic():
            IndexState.objects.update_or_create(
                pk=1,
                defaults={"refreshed_at": now, **({"rebuilt_at": now} if full else {})},
            )
            # Rows of a kind no source names any more (an app removed).
            SearchEntry.objects.exclude(kind__in=[source.kind for source in sources()]).delete()
    return counts
