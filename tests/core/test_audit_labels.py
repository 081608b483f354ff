"""Every audit action any app can write has a translated label in the registry.

The codes are read from the code itself: the `action` given to `audit_log` (a literal, either
branch of a conditional, or a local variable assigned such values) and the `audit_action` a
service passes on (to the kernel's `audited_update`, for one).
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.audit import ACTION_LABELS, audit_action_label


def _source_files():
    for config in apps.get_app_configs():
        path = Path(config.path)
        if "site-packages" in str(path) or not str(path).startswith(str(settings.BASE_DIR)):
            continue
        for source in path.rglob("*.py"):
            if "migrations" not in source.parts:
                yield source


def _literals(node, assignments):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body, assignments) | _literals(node.orelse, assignments)
    if isinstance(node, ast.Name):
        found = set()
        for value in assignments.get(node.id, []):
            found |= _literals(value, assignments)
        return found
    raise AssertionError(f"an action code that cannot be read: {ast.unparse(node)}")


def _codes_in(tree):
    codes = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.Module):
            continue
        assignments = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assignments.setdefault(target.id, []).append(node.value)
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            for keyword in node.keywords:
                if name == "audit_log" and keyword.arg == "action":
                    if (
                        isinstance(keyword.value, ast.Name)
                        and keyword.value.id == "audit_action"
                        and keyword.value.id not in assignments
                    ):
                        continue  # a parameter: its callers pass it (audit_action=...)
                    codes |= _literals(keyword.value, assignments)
                elif keyword.arg == "audit_action" and not isinstance(keyword.value, ast.Name):
                    codes |= _literals(keyword.value, assignments)
    return codes


def _written_codes():
    codes = set()
    for source in _source_files():
        codes |= _codes_in(ast.parse(source.read_text(), filename=str(source)))
    return codes


def test_the_code_writes_actions_of_every_app():
    prefixes = {code.split(".")[0] for code in _written_codes()}

    assert {
        "organisation",
        "resolution",
        "registration",
        "agreement",
        "article",
        "user",
    } <= prefixes


def test_every_action_the_code_can_write_has_a_label():
    unlabelled = sorted(_written_codes() - set(ACTION_LABELS))

    assert not unlabelled, f"add labels to the app's audit_labels.py: {unlabelled}"


def test_no_label_names_an_action_nobody_writes_and_none_shows_a_raw_code():
    written = _written_codes()

    assert not sorted(set(ACTION_LABELS) - written)
    with translation.override("pl"):
        untranslated = [code for code in written if audit_action_label(code) == code]
    assert not untranslated
