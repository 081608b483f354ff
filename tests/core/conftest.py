from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates(settings):
    """Let the tests render the small e-mail and PDF templates kept beside them."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.fixture
def cache_asked(monkeypatch):
    """Watch a module's handle on the cache: `asked = cache_asked(module)` lists, in order, every
    method the module asks of it from then on."""
    from django.core.cache import cache

    def watch(module):
        asked = []

        class Watched:
            def __getattr__(self, name):
                asked.append(name)
                return getattr(cache, name)

        monkeypatch.setattr(module, "cache", Watched())
        return asked

    return watch
