import pytest

from . import factories


@pytest.fixture
def bodies(db):
    return factories.bodies()


@pytest.fixture
def assembly(bodies):
    return bodies["member-assembly"]


@pytest.fixture
def council_body(bodies):
    return bodies["council"]
