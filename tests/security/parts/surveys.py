"""The security tests' part for the surveys app (see `parts/__init__.py`)."""

TABLE: dict = {}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """Nothing yet."""


def url_kwargs(objects):
    return {}
