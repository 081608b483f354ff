"""The audit log: who did what to which object, with before and after, on the right trails."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from core.audit import audit_log, audit_trail_for, model_snapshot, snapshot_diff
from tests.factories import OrganisationFactory, PersonFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_records_the_actor_the_action_the_target_and_the_changes():
    actor = UserFactory()
    organisation = OrganisationFactory(name="Amber Soft Sp. z o.o.")

    entry = audit_log(
        actor=actor,
        action="organisation.updated",
        target=organisation,
        changes={"city": ["Gdańsk", "Gdynia"]},
    )

    entry.refresh_from_db()
    assert entry.actor == actor
    assert entry.action == "organisation.updated"
    assert entry.target_id == str(organisation.pk)
    assert entry.target_type.model_class() is type(organisation)
    assert entry.target_repr == "Amber Soft Sp. z o.o."
    assert entry.changes == {"city": ["Gdańsk", "Gdynia"]}
    assert entry.created_at is not None


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_an_anonymous_change_is_recorded_without_an_actor(actor):
    entry = audit_log(actor=actor, action="membership.applied", target=OrganisationFactory())

    assert entry.actor is None


def test_it_stores_dates_objects_and_sets_as_json():
    sector = SectorFactory(name="Robotyka", name_pl="Robotyka")

    entry = audit_log(
        actor=None,
        action="test.values",
        target=sector,
        changes={
            "joined_on": datetime.date(2009, 10, 29),
            "sector": sector,
            "tags": {"ict"},
            "amount": Decimal("12.50"),
        },
    )

    entry.refresh_from_db()
    assert entry.changes == {
        "joined_on": "2009-10-29",
        "sector": "Robotyka",
        "tags": ["ict"],
        "amount": "12.50",
    }


def test_it_cuts_a_long_description_of_the_target_to_fit():
    organisation = OrganisationFactory(name="Ż" * 255)
    organisation.name = "Ż" * 300

    entry = audit_log(actor=None, action="organisation.updated", target=organisation)

    assert entry.target_repr == "Ż" * 255


def test_the_trail_of_an_object_includes_changes_to_the_objects_on_it():
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation)
    own = audit_log(actor=None, action="organisation.updated", target=organisation)
    child = audit_log(actor=None, action="person.created", target=person, parent=organisation)
    audit_log(actor=None, action="organisation.updated", target=OrganisationFactory())

    assert list(audit_trail_for(organisation)) == [child, own]
    assert list(audit_trail_for(person)) == [child]


def test_the_trail_lists_the_newest_entry_first_and_loads_actors_in_one_query(
    django_assert_num_queries,
):
    organisation = OrganisationFactory()
    entries = [
        audit_log(actor=UserFactory(), action=f"step.{number}", target=organisation)
        for number in range(3)
    ]

    with django_assert_num_queries(1):
        trail = [(entry.action, entry.actor.email) for entry in audit_trail_for(organisation)]

    assert trail == [(entry.action, entry.actor.email) for entry in reversed(entries)]


def test_the_trail_of_an_object_does_not_take_entries_of_another_model_with_the_same_id():
    organisation = OrganisationFactory()
    person = PersonFactory(pk=organisation.pk, organisation=OrganisationFactory())
    audit_log(actor=None, action="person.updated", target=person)

    assert not audit_trail_for(organisation).exists()
    assert audit_trail_for(person).count() == 1


def test_a_snapshot_takes_the_named_fields_as_json_values():
    organisation = OrganisationFactory(city="Sopot", joined_on=datetime.date(2015, 6, 17))

    snapshot = model_snapshot(organisation, ["city", "joined_on", "left_on"])

    assert snapshot == {"city": "Sopot", "joined_on": "2015-06-17", "left_on": None}


def test_a_diff_lists_only_the_fields_that_changed():
    before = {"city": "Gdańsk", "phone": "", "website": "https://a.example"}
    after = {"city": "Gdynia", "phone": "", "email": "biuro@a.example"}

    assert snapshot_diff(before, after) == {
        "city": ["Gdańsk", "Gdynia"],
        "email": [None, "biuro@a.example"],
        "website": ["https://a.example", None],
    }
    assert snapshot_diff(before, dict(before)) == {}
