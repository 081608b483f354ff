"""Without PostgreSQL the search reads the apps' tables: no index is needed or written."""

import pytest
from django.db import connection

from search import services
from search.models import SearchEntry
from tests.news.conftest import ArticleFactory
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _not_postgres():
    if connection.vendor == "postgresql":
        pytest.skip("the fallback is for databases other than PostgreSQL")


def test_objects_are_found_without_any_index(db):
    article = ArticleFactory(title_pl="Tokarka", slug="tokarka")

    assert found(None, "tokarka") == [("article", article.pk)]
    assert not SearchEntry.objects.exists()


def test_indexing_does_nothing(db):
    ArticleFactory()

    assert services.search_index_rebuild() == {}
    assert not SearchEntry.objects.exists()


def test_words_in_the_title_rank_above_words_in_the_body_and_more_words_above_fewer(db):
    body = ArticleFactory(title_pl="Hala", lead_pl="frezarka", slug="body")
    title = ArticleFactory(title_pl="Frezarka", lead_pl="", slug="title")
    both = ArticleFactory(title_pl="Frezarka", lead_pl="frezarka", slug="both")

    assert found(None, "frezarka") == [
        ("article", both.pk),
        ("article", title.pk),
        ("article", body.pk),
    ]
