"""The PostgreSQL index: stemming per language, unaccent for Polish, refresh and rebuild.

The index holds words only: a row that is out of date never shows an object to someone who may
not open it, because each kind is joined to what its app shows the reader when searching.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from news.models import Article
from search import services
from search.models import IndexState, SearchEntry
from tests.events.factories import EventFactory
from tests.news.conftest import ArticleFactory
from tests.search.conftest import found, reindex

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_english_words_are_found_by_their_stem(db):
    article = ArticleFactory(title_pl="Szkolenia", title_en="Trainings for clusters", slug="t")
    reindex()

    assert found(None, "cluster", language="en") == [("article", article.pk)]
    assert found(None, "training", language="en") == [("article", article.pk)]


def test_polish_words_are_found_without_their_accents(db):
    event = EventFactory(
        title="Spotkanie w Gdańsku", title_pl="Spotkanie w Gdańsku", audience="public"
    )
    reindex()

    assert found(None, "gdansk") == [("event", event.pk)]
    assert found(None, "GDAŃSK") == [("event", event.pk)]


def test_the_rebuild_writes_a_row_per_object_and_records_when(db):
    ArticleFactory.create_batch(3)

    counts = services.search_index_rebuild()

    assert counts["article"] == 3
    assert SearchEntry.objects.filter(kind="article").count() == 3
    state = IndexState.objects.get()
    assert state.rebuilt_at is not None and state.refreshed_at == state.rebuilt_at


def test_a_refresh_reads_only_objects_changed_since_the_last_one(db):
    ArticleFactory.create_batch(3)
    old = ArticleFactory(title_pl="Stara", slug="stara")
    services.search_index_rebuild()
    Article.objects.update(updated_at=timezone.now() - timezone.timedelta(days=1))
    Article.objects.filter(pk=old.pk).update(title_pl="Stara frezarka")
    changed = ArticleFactory(title_pl="Nowa frezarka", slug="nowa")

    counts = services.search_index_refresh()

    # Only the new article is read: the old one's change (by update(), no `updated_at`) waits
    # for the nightly rebuild.
    assert counts["article"] == 1
    assert found(None, "frezarka") == [("article", changed.pk)]
    services.search_index_rebuild()
    assert {pk for _kind, pk in found(None, "frezarka")} == {changed.pk, old.pk}


def test_a_refresh_drops_the_rows_of_deleted_objects(db):
    article = ArticleFactory(title_pl="Usunięta", slug="usunieta")
    reindex()
    article.delete()

    services.search_index_refresh()

    assert not SearchEntry.objects.filter(kind="article", object_id=article.pk).exists()


def test_a_stale_row_never_shows_an_object_that_became_hidden(db):
    event = EventFactory(title="Forum", title_pl="Forum", audience=Event.Audience.PUBLIC)
    reindex()
    # Changed without the index knowing: the row still says "forum".
    Event.objects.filter(pk=event.pk).update(audience=Event.Audience.MEMBERS)

    assert found(None, "forum") == []


def test_the_command_rebuilds_and_refreshes(db):
    article = ArticleFactory(title_pl="Komenda", slug="komenda")

    call_command("search_reindex")
    assert found(None, "komenda") == [("article", article.pk)]
    call_command("search_reindex", "--changed")
    assert SearchEntry.objects.filter(kind="article").count() == 1


def test_the_tasks_rebuild_and_refresh(db):
    from search import tasks

    ArticleFactory(title_pl="Zadanie", slug="zadanie")

    assert tasks.search_index_refresh()["article"] == 1
    assert tasks.search_index_rebuild()["article"] == 1


def test_the_polish_configuration_exists_with_unaccent(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('portal_pl', 'Gdańsk Łódź')::text")
        assert cursor.fetchone()[0] == "'gdansk':1 'lodz':2"
