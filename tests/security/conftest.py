import pytest

from .world import build_world


@pytest.fixture
def world(outsider, employee, representative, council_member, coordinator):
    """The cluster of tests/security/world.py, around the persona fixtures of tests/conftest.py."""
    return build_world(
        outsider=outsider,
        employee=employee,
        representative=representative,
        council_member=council_member,
        coordinator=coordinator,
    )
