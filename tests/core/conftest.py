from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates(settings):
    """Let the tests render the small e-mail and PDF templates kept beside them."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]
