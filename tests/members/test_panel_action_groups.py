"""Action groups in the panel: list, create and edit in five languages."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from members.models import ActionGroup
from tests.factories import ActionGroupFactory, OrganisationFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_the_list_shows_groups_with_leader_and_member_count(coordinator_client):
    member = active_member()
    group = ActionGroupFactory(
        name="Robotyka", name_pl="Robotyka", leader=member.primary_representative
    )
    group.organisations.add(member)
    response = coordinator_client.get(reverse("panel:action_group_list"))
    assert [(g.name, g.member_count) for g in response.context["groups"]] == [("Robotyka", 1)]
    assert member.primary_representative.full_name in response.content.decode()


def test_it_creates_a_group_with_translations_leader_and_members(coordinator_client, coordinator):
    member = active_member()
    response = coordinator_client.post(
        reverse("panel:action_group_create"),
        {
            "name_pl": "Sztuczna inteligencja",
            "name_en": "Artificial intelligence",
            "description_pl": "Opis",
            "description_de": "Beschreibung",
            "leader": member.primary_representative.pk,
            "organisations": [member.pk],
        },
    )
    assert response.status_code == 302
    group = ActionGroup.objects.get()
    assert (group.name_pl, group.name_en, group.description_de) == (
        "Sztuczna inteligencja",
        "Artificial intelligence",
        "Beschreibung",
    )
    assert group.leader == member.primary_representative
    assert list(group.organisations.all()) == [member]
    assert AuditEntry.objects.filter(action="action_group.created", actor=coordinator).exists()


def test_it_needs_the_polish_name(coordinator_client):
    response = coordinator_client.post(
        reverse("panel:action_group_create"), {"name_en": "Only English"}
    )
    assert response.context["form"].errors["name_pl"]
    assert not ActionGroup.objects.exists()


def test_it_edits_a_group_and_records_what_changed(coordinator_client):
    group = ActionGroupFactory(name="Stara", name_pl="Stara")
    response = coordinator_client.post(
        reverse("panel:action_group_edit", args=[group.pk]), {"name_pl": "Nowa"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name_pl == "Nowa"
    entry = AuditEntry.objects.get(action="action_group.updated")
    assert entry.changes["name_pl"] == ["Stara", "Nowa"]


def test_editing_keeps_a_member_that_is_no_longer_active_on_offer(coordinator_client):
    group = ActionGroupFactory()
    former = OrganisationFactory(name="Była", status="withdrawn")
    group.organisations.add(former)
    response = coordinator_client.get(reverse("panel:action_group_edit", args=[group.pk]))
    offered = response.context["form"].fields["organisations"].queryset
    assert former in offered


def test_the_list_shows_which_translations_each_group_lacks(client_for, coordinator):
    ActionGroupFactory(
        name_pl="Robotyka",
        name_en="Robotics",
        description_pl="Roboty.",
        description_en="Robots.",
        name_de="Robotik",  # a German name without a description is not a translation yet
    )

    content = client_for(coordinator).get("/en/panel/action-groups/").content.decode()

    for code, name in (("DE", "German"), ("FR", "French"), ("RU", "Russian")):
        assert f'<abbr title="{name}">{code}</abbr>' in content
    assert '<abbr title="English">EN</abbr>' not in content


def test_a_group_without_a_description_lacks_only_its_name(client_for, coordinator):
    ActionGroupFactory(name_pl="Drony", name_en="Drones", name_de="Drohnen", name_fr="Drones")

    content = client_for(coordinator).get("/en/panel/action-groups/").content.decode()

    assert '<abbr title="Russian">RU</abbr>' in content
    assert '<abbr title="French">FR</abbr>' not in content
