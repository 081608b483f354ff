"""Every model that names a person is declared in the privacy registry, with a working finder."""

import pytest
from django.apps import apps

from news.models import Subscriber
from privacy import registry
from privacy.services import subject_for_user

from .factories import rich_person

pytestmark = pytest.mark.django_db


def test_every_model_with_personal_data_is_declared():
    uncovered = registry.uncovered_models()
    assert not uncovered, (
        "These models hold personal data but privacy/handling/ does not declare how they are "
        "exported and erased: " + ", ".join(uncovered)
    )


def test_a_model_left_out_of_the_registry_is_reported(monkeypatch):
    monkeypatch.delitem(registry.REGISTRY, "news.Subscriber")

    assert "news.Subscriber" in registry.uncovered_models()


def test_personal_fields_are_found_by_link_and_by_name():
    assert "email" in registry.personal_fields(Subscriber)
    assert "consent_ip" in registry.personal_fields(Subscriber)
    assert "cast_by" in registry.personal_fields(apps.get_model("resolutions", "VoteCast"))
    assert registry.personal_fields(apps.get_model("resolutions", "SecretBallot")) == []


def test_secret_ballots_and_ballot_marks_name_nobody_and_are_not_declared():
    assert "resolutions.SecretBallot" not in registry.REGISTRY
    assert "elections.BallotMark" not in registry.REGISTRY


def test_every_declared_finder_runs_for_a_rich_and_an_empty_subject(coordinator):
    rich = rich_person(coordinator=coordinator)
    for subject in (subject_for_user(rich.user), registry.Subject()):
        for label, declaration in registry.REGISTRY.items():
            found = list(declaration.rows(subject))
            if declaration.erase_rows:
                list(declaration.erase_rows(subject))
            if subject.is_empty:
                assert found == [], label


def test_every_anonymised_declaration_has_its_anonymiser():
    for declaration in registry.REGISTRY.values():
        if declaration.handling is registry.Handling.ANONYMISE:
            assert declaration.anonymise is not None, declaration.model
        assert str(declaration.reason)
