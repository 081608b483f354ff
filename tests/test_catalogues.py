"""The five catalogues are complete, compiled, and cover every string in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import IN_CI

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _catalogue(code):
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_the_catalogue_has_no_untranslated_or_fuzzy_message(code):
    catalogue = _catalogue(code)

    assert len(catalogue) > 0
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_the_compiled_catalogue_matches_its_source(code):
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in _catalogue(code).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.mo"))
        if entry.msgid
    }

    assert compiled == source


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    if shutil.which("xgettext") is None:
        if IN_CI:
            pytest.fail("CI must not skip: xgettext (gettext) is needed to extract the strings")
        pytest.skip("needs xgettext from gettext to extract the strings")
    copy = tmp_path / "portal"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "*.pyc", "bench"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=pl",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "pl" / "LC_MESSAGES" / "django.po"))

    missing = sorted(entry.msgid for entry in extracted if entry.msgid and not entry.translated())
    assert missing == []
