"""Members' meeting pages and the coordinator's panel: who sees what, downloads, the chair's
opening and closing, planning and convening from the panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundEmail
from meetings import services
from meetings.models import AgendaItem, Meeting
from members.models import Person

from .factories import AgendaItemFactory, MeetingDocumentFactory, MeetingFactory, committed

pytestmark = pytest.mark.django_db
Status = Meeting.Status


@pytest.fixture
def convened(assembly_meeting, coordinator):
    return committed(services.meeting_convene, actor=coordinator, meeting=assembly_meeting)


def test_my_meetings_answers_a_member(client_for, representative, convened):
    response = client_for(representative).get("/pl/meetings/")

    assert response.status_code == 200
    assert convened.title_pl in response.content.decode()


def test_my_meetings_sends_an_anonymous_visitor_to_log_in(client_for):
    response = client_for(None).get("/pl/meetings/")

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_meetings_refuses_an_outsider(client_for, outsider):
    assert client_for(outsider).get("/pl/meetings/").status_code == 403


def test_a_draft_is_hidden_from_members(client_for, representative, assembly_meeting):
    client = client_for(representative)

    assert assembly_meeting.title_pl not in client.get("/pl/meetings/").content.decode()
    assert client.get(f"/pl/meetings/{assembly_meeting.pk}/").status_code == 404


def test_a_member_sees_the_meeting_with_its_agenda_and_documents(client_for, employee, convened):
    document = MeetingDocumentFactory(meeting=convened, title="Budżet 2027")

    response = client_for(employee).get(f"/en/meetings/{convened.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert convened.agenda_items.get().title_en in page
    assert reverse("meetings:document", kwargs={"pk": document.pk}) in page
    assert convened.number_display in page


def test_a_council_meeting_is_for_the_council_only(
    client_for, employee, council_member, council_meeting, coordinator
):
    committed(services.meeting_convene, actor=coordinator, meeting=council_meeting)
    document = MeetingDocumentFactory(meeting=council_meeting)

    assert client_for(employee).get(f"/en/meetings/{council_meeting.pk}/").status_code == 404
    assert client_for(employee).get(f"/en/meetings/documents/{document.pk}/").status_code == 404
    assert client_for(council_member).get(f"/en/meetings/{council_meeting.pk}/").status_code == 200
    response = client_for(council_member).get(f"/en/meetings/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_is_refused_to_an_outsider_and_sends_anonymous_to_log_in(
    client_for, outsider, convened
):
    document = MeetingDocumentFactory(meeting=convened)
    path = f"/en/meetings/documents/{document.pk}/"

    assert client_for(outsider).get(path).status_code == 403
    assert client_for(None).get(path).status_code == 302


def test_the_meeting_calendar_file(client_for, representative, convened):
    response = client_for(representative).get(f"/en/meetings/{convened.pk}/meeting.ics")

    assert response["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in response.content


def test_the_register_lists_closed_meetings_with_their_numbers(
    client_for, representative, convened, coordinator
):
    open_one = MeetingFactory(body=convened.body)
    AgendaItemFactory(meeting=open_one)
    committed(services.meeting_convene, actor=coordinator, meeting=open_one)
    services.meeting_open(actor=coordinator, meeting=convened)
    services.meeting_close(actor=coordinator, meeting=convened)

    page = client_for(representative).get("/en/meetings/register/").content.decode()

    assert convened.title_en in page and convened.number_display in page
    assert open_one.title_en not in page


def test_the_chair_opens_and_closes_the_meeting(client_for, representative, convened):
    convened.chair = Person.objects.get(user=representative)
    convened.save()
    client = client_for(representative)

    client.post(f"/en/meetings/{convened.pk}/open/")
    assert Meeting.objects.get(pk=convened.pk).status == Status.IN_SESSION
    client.post(f"/en/meetings/{convened.pk}/close/")
    assert Meeting.objects.get(pk=convened.pk).status == Status.CLOSED


def test_a_member_who_is_not_the_chair_cannot_open_the_meeting(client_for, employee, convened):
    response = client_for(employee).post(f"/en/meetings/{convened.pk}/open/")

    assert response.status_code == 403
    assert Meeting.objects.get(pk=convened.pk).status == Status.CONVENED


def test_the_main_menu_shows_meetings_to_members_only(client_for, employee, outsider):
    link = reverse("meetings:my_meetings")

    assert link in client_for(employee).get("/en/").content.decode()
    assert link not in client_for(outsider).get("/en/").content.decode()


# --- The panel ----------------------------------------------------------------------------------


def test_the_coordinator_plans_a_meeting_adds_an_item_and_convenes_it(
    client_for, coordinator, assembly, representative
):
    client = client_for(coordinator)
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    response = client.post(
        reverse("panel_meetings:create"),
        {
            "body": assembly.pk,
            "kind": Meeting.Kind.ORDINARY,
            "title_pl": "Zwyczajne Zgromadzenie",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Gdańsk",
        },
    )
    meeting = Meeting.objects.get(title_pl="Zwyczajne Zgromadzenie")
    assert response.status_code == 302
    client.post(
        reverse("panel_meetings:item_create", kwargs={"pk": meeting.pk}),
        {"kind": AgendaItem.Kind.REPORT, "title_pl": "Sprawozdanie zarządu"},
    )
    assert meeting.agenda_items.get().title_pl == "Sprawozdanie zarządu"

    with _on_commit_run():
        client.post(reverse("panel_meetings:convene", kwargs={"pk": meeting.pk}))

    meeting.refresh_from_db()
    assert meeting.status == Status.CONVENED and meeting.number == 1
    assert OutboundEmail.objects.filter(to=representative.email).exists()


def test_convening_at_short_notice_is_refused_with_the_rule(client_for, coordinator, assembly):
    meeting = MeetingFactory(body=assembly, starts_at=timezone.now() + datetime.timedelta(days=3))
    AgendaItemFactory(meeting=meeting)

    response = client_for(coordinator).post(
        reverse("panel_meetings:convene", kwargs={"pk": meeting.pk}), follow=True
    )

    assert str(assembly.notice_days) in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Status.DRAFT


def test_the_panel_lists_meetings_per_body(
    client_for, coordinator, assembly_meeting, council_meeting
):
    page = (
        client_for(coordinator)
        .get(reverse("panel_meetings:index") + f"?body={council_meeting.body.slug}")
        .content.decode()
    )

    assert council_meeting.title_en in page
    assert assembly_meeting.title_en not in page


def _on_commit_run():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
