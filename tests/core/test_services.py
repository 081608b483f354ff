"""The services' shared steps: a validated save, a free slug, an audited change."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from core.services import audited_update, save_checked, slugify, unique_slug
from members.models import Organisation, Sector
from tests.factories import OrganisationFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _conflicting_copy(organisation):
    """An organisation that passes validation but that the database refuses (the same NIP)."""
    copy = OrganisationFactory.build(nip=organisation.nip, slug=f"{organisation.slug}-copy")
    # Validation alone would find the duplicate; skip it, as a request racing another would.
    copy.validate_unique = lambda exclude=None: None
    return copy


def test_save_checked_reports_a_refused_unique_value_on_its_field():
    copy = _conflicting_copy(OrganisationFactory())

    with pytest.raises(ValidationError) as error:
        save_checked(copy, unique_fields=["nip"])

    assert error.value.message_dict == {
        "nip": ["An organisation with this NIP is already registered."]
    }
    assert copy.pk is None


def test_save_checked_reports_any_other_conflict_in_one_message():
    copy = _conflicting_copy(OrganisationFactory())

    with pytest.raises(ValidationError) as error:
        save_checked(copy)

    assert error.value.code == "integrity"


def test_save_checked_runs_the_service_check_after_validation_and_before_saving():
    sector = Sector(name="", slug="")
    calls = []

    with pytest.raises(ValidationError):
        save_checked(sector, check=lambda: calls.append("checked"))

    assert calls == []
    sector = Sector(name_pl="Logistyka", slug="logistyka")
    save_checked(sector, check=lambda: calls.append("checked"))
    assert calls == ["checked"]


def test_slugify_keeps_the_polish_l():
    assert slugify("Łódzki Klaster Łączności") == "lodzki-klaster-lacznosci"


def test_unique_slug_adds_a_number_when_the_slug_is_taken():
    SectorFactory(slug="logistyka")
    SectorFactory(slug="logistyka-2")

    assert unique_slug(Sector, "Logistyka") == "logistyka-3"


def test_unique_slug_keeps_the_renamed_row_its_own_slug():
    sector = SectorFactory(slug="logistyka")

    assert unique_slug(Sector, "Logistyka", exclude_pk=sector.pk) == "logistyka"


def test_unique_slug_falls_back_to_the_model_name_and_steps_around_reserved_words():
    assert unique_slug(Sector, "!!!") == "sector"
    assert unique_slug(Sector, "My", reserved={"my"}) == "my-sector"


def test_unique_slug_leaves_room_for_the_suffix():
    assert len(unique_slug(Organisation, "a" * 300)) == 100
    assert len(unique_slug(Sector, "a" * 300, max_length=90)) == 90


def test_audited_update_records_only_what_changed():
    actor = UserFactory()
    organisation = OrganisationFactory(city="Gdańsk", phone="")

    changes = audited_update(
        actor=actor,
        instance=organisation,
        data={"city": "Gdynia", "phone": ""},
        fields=["city", "phone"],
        audit_action="organisation.updated",
    )

    assert changes == {"city": ["Gdańsk", "Gdynia"]}
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.actor == actor
    assert entry.changes == {"city": ["Gdańsk", "Gdynia"]}


def test_audited_update_writes_nothing_when_nothing_changed_unless_asked():
    organisation = OrganisationFactory(city="Gdańsk")
    arguments = {
        "actor": None,
        "instance": organisation,
        "data": {"city": "Gdańsk"},
        "fields": ["city"],
        "audit_action": "organisation.updated",
    }

    assert audited_update(**arguments) == {}
    assert not AuditEntry.objects.exists()

    audited_update(**arguments, log_unchanged=True)
    assert AuditEntry.objects.count() == 1


def test_audited_update_adds_the_related_changes_and_records_a_new_row_whole():
    sector = Sector()

    changes = audited_update(
        actor=None,
        instance=sector,
        data={"name_pl": "Logistyka"},
        fields=["name_pl"],
        audit_action="sector.created",
        prepare=lambda: setattr(sector, "slug", unique_slug(Sector, sector.name_pl)),
        related=lambda: {"organisations": ["Amber Soft"]},
    )

    assert sector.pk is not None and sector.slug == "logistyka"
    assert changes == {"name_pl": [None, "Logistyka"], "organisations": ["Amber Soft"]}
