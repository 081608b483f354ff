"""The panel's dashboard: counts, waiting applications and recent changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Post
from meetings.models import Meeting
from members import services
from projects.models import ProjectIdea
from resolutions.models import GoverningBody
from tests.cooperation.factories import PostFactory
from tests.factories import OrganisationFactory, active_member
from tests.fees.payment_factories import issued_document
from tests.meetings.factories import MeetingFactory
from tests.projects.factories import FundingCallFactory
from tests.reports.factories import LabelFactory
from tests.surveys.factories import survey_build

pytestmark = pytest.mark.django_db


def test_it_counts_organisations_by_status_and_kind(client_for, coordinator):
    active_member(kind="university")
    active_member(kind="small")
    OrganisationFactory()
    response = client_for(coordinator).get(reverse("panel:dashboard"))
    counts = response.context["counts"]
    assert {status.value: total for status, total in counts["by_status"]}["active"] == 2
    assert {kind.value: total for kind, total in counts["by_kind"]}["university"] == 1
    assert counts["applications"] == 1
    assert reverse("panel:application_list") in response.content.decode()


def test_it_lists_the_ten_latest_changes_with_a_link_to_the_trail(client_for, coordinator):
    organisation = active_member(name="Zmieniana")
    for number in range(12):
        services.organisation_update(
            organisation=organisation, actor=coordinator, data={"phone": f"+48 {number}"}
        )
    response = client_for(coordinator).get(reverse("panel:dashboard"))
    entries = response.context["entries"]
    assert len(entries) == 10
    assert entries[0].changes["phone"][1] == "+48 11"
    assert reverse("panel:member_audit", args=[organisation.pk]) in response.content.decode()


def test_it_runs_the_same_number_of_queries_however_much_has_changed(
    client_for, coordinator, query_count
):
    client = client_for(coordinator)
    organisation = active_member()
    services.organisation_update(organisation=organisation, actor=coordinator, data={"phone": "1"})
    few = query_count(lambda: client.get(reverse("panel:dashboard")))
    for number in range(30):
        services.organisation_update(
            organisation=active_member(), actor=coordinator, data={"phone": str(number)}
        )
    assert query_count(lambda: client.get(reverse("panel:dashboard"))) == few


def test_it_shows_changes_that_name_a_reverse_relation(client_for, coordinator):
    from core.audit import audit_log

    organisation = active_member(name="Relacja Sp. z o.o.", slug="relacja")
    audit_log(
        actor=coordinator,
        action="organisation.updated",
        target=organisation,
        changes={"people": [[], ["Anna Nowak"]]},
    )

    response = client_for(coordinator).get("/en/panel/")

    assert response.status_code == 200
    assert "Relacja Sp. z o.o." in response.content.decode()


def _portal_activity(count, start=0):
    import datetime

    from django.utils import timezone

    from agreements.models import Agreement
    from tests.agreements.factories import PartnerFactory, make_agreement
    from tests.events.factories import EventFactory

    for number in range(start, start + count):
        EventFactory(title_en=f"Workshop {number}", title=f"Warsztat {number}")
        make_agreement(
            status=Agreement.Status.IN_FORCE,
            reference_number=f"POR/{number}",
            title_en=f"Agreement {number}",
            valid_until=timezone.localdate() + datetime.timedelta(days=30),
            partners=[PartnerFactory()],
        )


def test_it_shows_what_needs_attention_across_the_portal(client_for, coordinator):
    _portal_activity(2)

    content = client_for(coordinator).get("/en/panel/").content.decode()

    assert "Workshop 0" in content
    assert "Agreement 1" in content
    assert "Newsletter subscribers" in content


def test_the_portal_summary_runs_the_same_number_of_queries_for_more_activity(
    client_for, coordinator, query_count
):
    client = client_for(coordinator)
    _portal_activity(2)
    few = query_count(lambda: client.get("/en/panel/"))
    _portal_activity(10, start=2)

    assert query_count(lambda: client.get("/en/panel/")) == few


def test_the_dashboard_shows_what_waits_in_cooperation_projects_and_meetings(
    client_for, coordinator, represented_organisation
):
    PostFactory(status=Post.Status.PENDING, published_at=None)
    ProjectIdea.objects.create(
        organisation=represented_organisation, title="Pomysł", description="Opis"
    )
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=10))
    body = GoverningBody.objects.create(
        name="Zgromadzenie", slug="zgromadzenie", electorate="members"
    )
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + timedelta(days=14))
    MeetingFactory(
        body=body,
        starts_at=timezone.now() + timedelta(days=15),
        status=Meeting.Status.CANCELLED,
    )

    response = client_for(coordinator).get(reverse("panel:dashboard"))

    portal = response.context["portal"]
    assert portal["posts_pending"] == 1
    assert portal["ideas_waiting"] == 1
    assert portal["call_deadlines"] == [call]
    assert portal["next_meetings"] == [meeting]
    assert "1 post awaits approval" in response.content.decode()


def test_the_dashboard_shows_fees_in_arrears_open_surveys_and_labels_ending(
    client_for, coordinator
):
    late = active_member(name="Zaległa sp. z o.o.")
    issued_document(late, gross="1230.00", vat="230.00", due_in=-20)
    issued_document(late, gross="500.00", vat="0.00", due_in=10)
    survey, _questions = survey_build(actor=coordinator, title="Badanie potrzeb")
    today = timezone.localdate()
    ending = LabelFactory(valid_until=today + timedelta(days=40))
    LabelFactory(valid_until=today + timedelta(days=400))

    response = client_for(coordinator).get("/en/panel/")

    portal = response.context["portal"]
    assert portal["fees"]["overdue_documents"] == 1
    assert portal["fees"]["outstanding"] == Decimal("1230.00")
    assert portal["open_surveys"] == [survey]
    assert portal["labels_ending"] == [ending]
    content = response.content.decode()
    assert "1 overdue document of 1 members, 1230.00 PLN outstanding" in content
    assert "Badanie potrzeb" in content
    assert "ESCA Bronze Label" in content
