"""Each source is found by its words, with the reader's language and Polish searched."""

import pytest

from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

PUBLIC_KINDS = [
    "article",
    "page",
    "event",
    "organisation",
    "post",
    "project",
    "resolution",
    "document",
]


@pytest.mark.parametrize("kind", PUBLIC_KINDS)
def test_each_source_is_found_by_a_visitor(sources_world, kind):
    obj = sources_world[kind]

    results = found(None, "klaster", kind=kind)

    assert (kind, obj.pk) in results


def test_a_search_counts_each_kind_and_everything(sources_world):
    search = find(None, "klaster")

    counts = {item.kind: item.count for item in search.counts}
    assert counts == dict.fromkeys(PUBLIC_KINDS, 1)
    assert search.total == search.everything == len(PUBLIC_KINDS)


def test_filtering_by_kind_counts_and_shows_that_kind_only(sources_world):
    search = find(None, "klaster", kind="event")

    assert [result.source.kind for result in search.results] == ["event"]
    assert search.total == 1
    # The other kinds are still counted, to switch to them.
    assert len(search.counts) == len(PUBLIC_KINDS)


def test_an_unknown_kind_shows_everything(sources_world):
    search = find(None, "klaster", kind="nonsense")

    assert search.kind == ""
    assert search.total == len(PUBLIC_KINDS)


def test_every_word_must_be_found(sources_world):
    assert found(None, "klaster maszyn") == [("organisation", sources_world["organisation"].pk)]
    assert found(None, "klaster zzzyx") == []


def test_a_polish_inflected_form_finds_the_word(sources_world):
    # "klastrze" (locative) finds "klaster" and "klastra": the prefix "klastr"/"klast".
    kinds = {kind for kind, _pk in found(None, "klastra")}

    assert {"page", "event", "resolution"} <= kinds


def test_a_title_match_ranks_above_a_body_match(db):
    from tests.news.conftest import ArticleFactory
    from tests.search.conftest import reindex

    in_body = ArticleFactory(title_pl="Aktualności", body_pl="<p>Frezarka w hali.</p>", slug="b")
    in_title = ArticleFactory(title_pl="Frezarka nowa", body_pl="<p>Hala.</p>", slug="t")
    reindex()

    assert found(None, "frezarka") == [("article", in_title.pk), ("article", in_body.pk)]


def test_members_keywords_and_city_are_searched(db):
    from tests.factories import active_member
    from tests.search.conftest import reindex

    member = active_member(name="Odlewnia", slug="odlewnia", city="Elbląg", keywords="staliwo")
    reindex()

    assert found(None, "staliwo") == [("organisation", member.pk)]
    assert ("organisation", member.pk) in found(None, "Elbląg")


def test_a_resolution_is_found_by_its_number(sources_world):
    resolution = sources_world["resolution"]

    results = found(None, resolution.number_display)

    assert ("resolution", resolution.pk) in results


def test_an_empty_or_wordless_query_finds_nothing_and_runs_no_search(
    sources_world, django_assert_num_queries
):
    with django_assert_num_queries(0):
        for query in ("", "   ", "!!! ***", "&|:()"):
            search = find(None, query)
            assert search.results == [] and search.total == 0


def test_pages_of_results(db):
    from tests.news.conftest import ArticleFactory
    from tests.search.conftest import reindex

    articles = [ArticleFactory(title_pl=f"Szkolenie {n}", slug=f"s-{n}") for n in range(25)]
    reindex()

    first = find(None, "szkolenie", page=1)
    second = find(None, "szkolenie", page=2)
    beyond = find(None, "szkolenie", page=99)

    assert first.total == 25 and first.page.paginator.num_pages == 2
    assert len(first.results) == 20 and len(second.results) == 5
    shown = {result.obj.pk for result in first.results + second.results}
    assert shown == {article.pk for article in articles}
    assert [r.obj.pk for r in beyond.results] == [r.obj.pk for r in second.results]
