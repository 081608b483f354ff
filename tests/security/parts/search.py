"""The security tests' part for the search app (see `parts/__init__.py`).

The search page is asked for "Marker", the word in the title of every object the world keeps
from some personas: the matrix then checks that nobody finds an object they may not open (the
markers of every app's world objects, whoever built them, are searched at once).
"""

from ..rules import QUERY, Variants, public

TABLE: dict = {
    "search:results[markers]": public(),
    "search:results[markers_by_kind]": public(),
    "search:results[empty]": public(),
}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """Index the world built so far (PostgreSQL; on SQLite the search reads the tables)."""
    from search import services

    services.search_index_rebuild()


def url_kwargs(objects):
    return {
        "search:results": Variants(
            markers={QUERY: "q=Marker"},
            markers_by_kind={QUERY: "q=Marker&kind=resolution"},
            empty={},
        )
    }
