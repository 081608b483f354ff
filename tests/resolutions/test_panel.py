"""The coordinator's governance panel, and the strategy and plan pages, for each persona."""

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from events.models import Event
from resolutions import services
from resolutions.models import (
    GoverningBody,
    OperationalPlan,
    PlanItem,
    Resolution,
    StrategicGoal,
    Strategy,
)
from tests.factories import ActionGroupFactory

from .conftest import PERSONAS, draft, member_representative, opened

PANEL_PAGES = [
    "/en/panel/resolutions/",
    "/en/panel/resolutions/bodies/",
    "/en/panel/resolutions/bodies/new/",
    "/en/panel/resolutions/strategy/",
    "/en/panel/resolutions/strategy/new/",
    "/en/panel/resolutions/plans/new/",
]


@pytest.mark.parametrize("url", PANEL_PAGES)
@pytest.mark.parametrize("name", PERSONAS)
def test_the_panel_is_for_coordinators(client_for, persona, bodies, url, name):
    response = client_for(persona(name)).get(url)
    expected = {"anonymous": 302, "coordinator": 200}.get(name, 403)
    assert response.status_code == expected


def test_the_council_chair_does_not_get_the_panel(client_for, chair, bodies):
    assert client_for(chair).get("/en/panel/resolutions/").status_code == 403


def test_the_panel_list_runs_the_same_queries_for_10_and_200_rows(
    client_for, council_body, coordinator, query_count
):
    client = client_for(coordinator)

    def make(count):
        Resolution.objects.bulk_create(
            Resolution(body=council_body, title_pl=f"Projekt {n}", content_pl="Treść")
            for n in range(count)
        )

    make(10)
    ten = query_count(lambda: client.get("/en/panel/resolutions/"))
    make(190)
    assert query_count(lambda: client.get("/en/panel/resolutions/")) == ten


def test_the_panel_list_filters_by_status(client_for, council_body, chair, coordinator):
    running = opened(council_body, actor=chair)
    draft(council_body)
    page = client_for(coordinator).get("/en/panel/resolutions/", {"status": "open"})
    assert list(page.context["resolutions"]) == [running]


def test_the_coordinator_adds_a_body_voted_by_appointed_people(client_for, coordinator, bodies):
    people = [member_representative(f"unit{n}@example.com").person for n in range(2)]
    response = client_for(coordinator).post(
        "/en/panel/resolutions/bodies/new/",
        {
            "name_pl": "Jednostka Zarządzająca",
            "slug": "management-unit",
            "electorate": "appointed",
            "quorum_percent": 100,
            "majority": "absolute",
            "majority_base": "eligible",
            "order": 3,
            "appointed_people": [person.pk for person in people],
        },
    )
    assert response.status_code == 302
    body = GoverningBody.objects.get(slug="management-unit")
    assert set(body.appointed_people.all()) == set(people)
    resolution = opened(body, actor=coordinator)
    assert resolution.eligible_count == 2


def test_a_body_with_a_quorum_over_100_is_refused(client_for, coordinator, bodies):
    body = bodies["council"]
    response = client_for(coordinator).post(
        f"/en/panel/resolutions/bodies/{body.pk}/edit/",
        {
            "name_pl": "Rada",
            "slug": "council",
            "electorate": "council",
            "quorum_percent": 101,
            "majority": "simple",
            "majority_base": "cast",
            "order": 2,
        },
    )
    assert response.status_code == 200
    body.refresh_from_db()
    assert body.quorum_percent == 50


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_coordinator_records_a_meeting_vote(
    client_for,
    persona,
    assembly,
    name,
):
    resolution = draft(assembly)
    response = client_for(persona(name)).get(f"/en/panel/resolutions/{resolution.pk}/meeting-vote/")
    assert response.status_code == {"anonymous": 302, "coordinator": 200}.get(name, 403)


def test_the_coordinator_records_a_meeting_vote(client_for, assembly, coordinator, representative):
    other = member_representative("other@example.com")
    resolution = draft(assembly)
    response = client_for(coordinator).post(
        f"/en/panel/resolutions/{resolution.pk}/meeting-vote/",
        {
            "meeting_date": timezone.localdate().isoformat(),
            "attendees": [representative.person.pk, other.person.pk],
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 1,
        },
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.method, resolution.outcome, resolution.participant_count) == (
        "meeting",
        "adopted",
        2,
    )


def test_a_meeting_vote_with_too_many_votes_shows_the_error(
    client_for, assembly, coordinator, representative
):
    resolution = draft(assembly)
    response = client_for(coordinator).post(
        f"/en/panel/resolutions/{resolution.pk}/meeting-vote/",
        {
            "meeting_date": timezone.localdate().isoformat(),
            "attendees": [representative.person.pk],
            "votes_for": 2,
            "votes_against": 0,
            "votes_abstain": 0,
        },
    )
    assert response.status_code == 200
    assert "More votes were recorded (2) than people attended (1)." in str(
        response.context["form"].errors
    )
    resolution.refresh_from_db()
    assert resolution.status == "draft"


# --- Strategy and plans ---------------------------------------------------------------------------


@pytest.fixture
def plan(db, coordinator):
    strategy = services.strategy_save(
        actor=coordinator,
        data={
            "title_pl": "Strategia",
            "vision_pl": "Wizja",
            "period_start": 2026,
            "period_end": 2030,
        },
    )
    goals = [
        services.strategic_goal_save(
            actor=coordinator,
            strategy=strategy,
            data={"code": code, "title_pl": f"Cel {code}", "order": int(code)},
        )
        for code in ("1", "2")
    ]
    plan = services.plan_save(
        actor=coordinator,
        data={
            "title": "Plan operacyjny",
            "strategy": strategy,
            "period_start": 2026,
            "period_end": 2027,
        },
    )
    for goal, progress, status in (
        (goals[0], 40, PlanItem.Status.IN_PROGRESS),
        (goals[0], 80, PlanItem.Status.IN_PROGRESS),
        (goals[0], 0, PlanItem.Status.CANCELLED),
        (goals[1], 100, PlanItem.Status.DONE),
    ):
        services.plan_item_save(
            actor=coordinator,
            plan=plan,
            data={
                "goal": goal,
                "title_pl": f"Działanie {progress}",
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2026, 12, 31),
                "budget": 1000,
                "status": status,
                "progress": progress,
            },
        )
    return plan


def test_the_plan_shows_progress_per_goal_without_cancelled_items(client_for, plan, employee):
    response = client_for(employee).get(f"/en/resolutions/plans/{plan.pk}/")
    assert response.status_code == 200
    assert [goal.progress for goal in response.context["goals"]] == [60, 100]


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("employee", 200),
        ("representative", 200),
        ("council_member", 200),
        ("coordinator", 200),
    ],
)
def test_plans_are_for_the_clusters_people(client_for, persona, plan, name, status):
    assert client_for(persona(name)).get(f"/en/resolutions/plans/{plan.pk}/").status_code == status


@pytest.mark.parametrize("name", PERSONAS)
def test_the_strategy_is_public(client_for, persona, plan, name):
    response = client_for(persona(name)).get("/en/resolutions/strategy/")
    assert response.status_code == 200
    assert response.context["strategy"] == plan.strategy
    assert b"Cel 1" in response.content


def _missing(content):
    """Return the language codes the page lists as missing translations, in order."""
    return re.findall(r'<abbr title="[^"]+">([A-Z]{2})</abbr>', content)


def test_the_strategy_list_shows_which_translations_the_strategy_and_goals_lack(
    client_for, coordinator, plan
):
    plan.strategy.title_en, plan.strategy.vision_en = "Strategy", "Vision"
    plan.strategy.save()

    content = client_for(coordinator).get("/en/panel/resolutions/strategy/").content.decode()

    # The strategy lacks three languages; each goal, with a Polish title only, four.
    assert "Translations missing" in content
    assert _missing(content) == ["DE", "FR", "RU"] + ["EN", "DE", "FR", "RU"] * 2


def test_the_plan_shows_the_coordinator_which_translations_each_item_lacks(
    client_for, coordinator, employee, plan
):
    item = plan.items.get(progress=40)
    item.title_en = item.title_de = item.title_fr = item.title_ru = "Translated"
    item.save()

    for_coordinator = client_for(coordinator).get(f"/en/resolutions/plans/{plan.pk}/")
    for_employee = client_for(employee).get(f"/en/resolutions/plans/{plan.pk}/")

    # Four items with a Polish title only; the translated one is complete (no description).
    assert _missing(for_coordinator.content.decode()) == ["EN", "DE", "FR", "RU"] * 3
    assert "complete" in for_coordinator.content.decode()
    assert _missing(for_employee.content.decode()) == []


def test_the_body_list_shows_which_translations_each_body_lacks(client_for, coordinator, bodies):
    content = client_for(coordinator).get("/en/panel/resolutions/bodies/").content.decode()

    assert "Translations missing" in content
    assert content.count('<ul class="tags tags--small" aria-label="Translations missing">') + (
        content.count('<span class="ok">complete</span>')
    ) == len(bodies)


def test_a_cluster_without_a_strategy_says_so(client, db):
    response = client.get("/en/resolutions/strategy/")
    assert response.status_code == 200
    assert b"has not published a strategy yet" in response.content


def test_the_coordinator_exports_the_plan_as_a_pdf(
    client_for, plan, coordinator, employee, django_capture_on_commit_callbacks
):
    assert (
        client_for(employee).post(f"/en/panel/resolutions/plans/{plan.pk}/pdf/").status_code == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(f"/en/panel/resolutions/plans/{plan.pk}/pdf/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert len(plan.pdf_sha256) == 64
    response = client_for(employee).get(f"/en/resolutions/plans/{plan.pk}/pdf/")
    content = b"".join(response.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Plan operacyjny" in text
    assert "Cel 1" in text
    assert "60%" in text


def test_the_coordinator_builds_a_strategy_and_a_plan_through_the_panel(
    client_for, coordinator, council_body, chair
):
    client = client_for(coordinator)
    adopting = opened(council_body, actor=chair)
    services.ballot_cast(resolution=adopting, user=chair, choice="for")
    services.vote_close(resolution=adopting, actor=chair)
    assert (
        client.post(
            "/en/panel/resolutions/strategy/new/",
            {
                "title_pl": "Strategia 2030",
                "vision_pl": "Wizja",
                "period_start": 2026,
                "period_end": 2030,
            },
        ).status_code
        == 302
    )
    strategy = Strategy.objects.get()
    assert (
        client.post(
            f"/en/panel/resolutions/strategy/{strategy.pk}/goals/new/",
            {"code": "1", "title_pl": "Współpraca", "order": 1},
        ).status_code
        == 302
    )
    goal = StrategicGoal.objects.get()
    assert (
        client.post(
            "/en/panel/resolutions/plans/new/",
            {
                "title": "Plan 2026",
                "strategy": strategy.pk,
                "period_start": 2026,
                "period_end": 2026,
                "adopted_by": adopting.pk,
            },
        ).status_code
        == 302
    )
    plan = OperationalPlan.objects.get()
    group = ActionGroupFactory()
    workshop = Event.objects.create(
        kind=Event.Kind.WORKSHOP,
        title="Warsztaty AI",
        slug="warsztaty-ai",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
        status=Event.Status.PUBLISHED,
    )
    response = client.post(
        f"/en/panel/resolutions/plans/{plan.pk}/items/new/",
        {
            "goal": goal.pk,
            "title_pl": "Warsztaty",
            "owner_kind": "action_group",
            "owner_action_group": group.pk,
            "starts_on": "2026-02-01",
            "ends_on": "2026-06-30",
            "budget": "5000.00",
            "indicator": "uczestnicy",
            "indicator_target": "40",
            "indicator_actual": "12",
            "status": "in_progress",
            "progress": 30,
            "resolutions": [adopting.pk],
            "events": [workshop.pk],
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.owner_display, list(item.resolutions.all())) == (str(group), [adopting])
    assert list(item.events.all()) == [workshop]
    page = client.get(f"/en/resolutions/plans/{plan.pk}/")
    assert adopting.get_absolute_url().encode() in page.content
    assert workshop.get_absolute_url().encode() in page.content


def test_an_item_owned_by_an_action_group_must_name_it(client_for, coordinator, plan):
    goal = StrategicGoal.objects.first()
    response = client_for(coordinator).post(
        f"/en/panel/resolutions/plans/{plan.pk}/items/new/",
        {
            "goal": goal.pk,
            "title_pl": "Bez właściciela",
            "owner_kind": "action_group",
            "starts_on": "2026-02-01",
            "ends_on": "2026-06-30",
            "budget": "0",
            "status": "planned",
            "progress": 0,
        },
    )
    assert response.status_code == 200
    assert "Choose the action group or member that owns the item." in str(
        response.context["form"].errors
    )


def test_the_plan_page_runs_the_same_queries_for_10_and_200_items(
    client_for, plan, employee, query_count
):
    goal = StrategicGoal.objects.first()

    def add(count):
        PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                goal=goal,
                title_pl=f"Pozycja {n}",
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 12, 31),
            )
            for n in range(count)
        )

    client = client_for(employee)
    add(6)
    ten = query_count(lambda: client.get(f"/en/resolutions/plans/{plan.pk}/"))
    add(190)
    assert query_count(lambda: client.get(f"/en/resolutions/plans/{plan.pk}/")) == ten
