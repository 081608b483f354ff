"""The coordinator's event pages: access, editing, registrants, check-in and documents."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import AuditEntry
from events.models import Event, EventDocument, EventQuestion, Registration
from tests.factories import UserFactory, active_member

from .factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def event(db):
    return EventFactory(capacity=2, title="Warsztaty", title_en="Workshop")


@pytest.fixture
def registration(event, colleagues, register):
    return register(event, colleagues[0])


def _urls(event, registration):
    return {
        "get": [
            "/en/panel/events/",
            "/en/panel/events/new/",
            f"/en/panel/events/{event.pk}/",
            f"/en/panel/events/{event.pk}/edit/",
            f"/en/panel/events/{event.pk}/cancel/",
            f"/en/panel/events/{event.pk}/registrants/",
            f"/en/panel/events/{event.pk}/registrants.csv",
            f"/en/panel/events/{event.pk}/registrants.xlsx",
            f"/en/panel/events/{event.pk}/check-in/",
        ],
        "post": [
            f"/en/panel/events/{event.pk}/publish/",
            f"/en/panel/events/{event.pk}/attendance-list/",
            f"/en/panel/events/{event.pk}/certificates/",
            f"/en/panel/events/registrations/{registration.pk}/attendance/",
            f"/en/panel/events/registrations/{registration.pk}/cancel/",
        ],
    }


def test_anonymous_visitors_are_sent_to_log_in_everywhere_in_the_panel(client, event, registration):
    urls = _urls(event, registration)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in urls["post"]:
        assert client.post(url).status_code == 302, url
    assert Registration.objects.get().status == Status.CONFIRMED


@pytest.mark.parametrize("persona", ["outsider", "employee", "representative", "council_member"])
def test_everyone_but_coordinators_is_refused_everywhere_in_the_panel(
    request, client_for, event, registration, persona
):
    client = client_for(request.getfixturevalue(persona))
    urls = _urls(event, registration)
    for url in urls["get"]:
        assert client.get(url).status_code == 403, url
    for url in urls["post"]:
        assert client.post(url).status_code == 403, url
    assert Registration.objects.get().status == Status.CONFIRMED
    assert not EventDocument.objects.exists()


def test_a_coordinator_opens_every_panel_page(client_for, coordinator, event, registration):
    client = client_for(coordinator)
    for url in _urls(event, registration)["get"]:
        assert client.get(url).status_code == 200, url


def test_state_changes_refuse_get(client_for, coordinator, event, registration):
    client = client_for(coordinator)
    for url in _urls(event, registration)["post"]:
        assert client.get(url).status_code == 405, url


def test_unknown_objects_are_not_found(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get("/en/panel/events/999/").status_code == 404
    assert client.get("/en/panel/events/999/registrants/").status_code == 404
    assert client.post("/en/panel/events/registrations/999/attendance/").status_code == 404
    assert client.get("/en/panel/events/documents/999/").status_code == 404


# --- Creating, publishing, cancelling -----------------------------------------------------------


def _form_data(**changes):
    start = timezone.localtime() + timedelta(days=20)
    data = {
        "kind": "good_practices",
        "title_pl": "Dobre praktyki u członka",
        "title_en": "Good practices at a member",
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT14:00"),
        "venue": "Hala produkcyjna",
        "audience": "members",
        "capacity": "25",
        "waitlist_enabled": "on",
        "per_organisation_limit": "2",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-kind": "yes_no",
        "questions-0-label_pl": "Zgoda na zdjęcia",
        "questions-0-label_en": "Photo consent",
        "questions-0-required": "on",
        "questions-1-kind": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_creates_a_draft_at_a_member_then_publishes_it(client_for, coordinator):
    host = active_member(name="Metal-Tech S.A.", slug="metal-tech")
    client = client_for(coordinator)
    response = client.post("/en/panel/events/new/", _form_data(host_organisation=str(host.pk)))
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["formset"].errors,
    )
    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert event.host_organisation == host
    assert event.starts_at.astimezone(timezone.get_current_timezone()).hour == 10
    assert event.slug == "dobre-praktyki-u-czlonka"
    question = EventQuestion.objects.get()
    assert (question.kind, question.label_en, question.required) == (
        "yes_no",
        "Photo consent",
        True,
    )
    assert client.get(f"/en/events/{event.slug}/").status_code == 404

    client.post(f"/en/panel/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert client.get(f"/en/events/{event.slug}/").status_code == 200
    assert list(
        AuditEntry.objects.filter(target_id=str(event.pk), action__startswith="event.")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    ) == ["event.created", "event.published"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_pl": ""}, "title_pl"),
        ({"ends_at": "2020-01-01T10:00"}, None),
        ({"audience": "action_group"}, "action_group"),
        ({"venue": ""}, "venue"),
        ({"capacity": "0"}, "capacity"),
        ({"questions-0-kind": "choice", "questions-0-options_pl": "Jedna"}, None),
    ],
)
def test_bad_event_data_is_refused_on_the_field_and_nothing_is_saved(
    client_for, coordinator, changes, field
):
    response = client_for(coordinator).post("/en/panel/events/new/", _form_data(**changes))
    assert response.status_code == 400
    if field:
        assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_editing_changes_the_event_and_its_questions(client_for, coordinator, event):
    question = QuestionFactory(event=event)
    data = _form_data(
        **{
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-id": str(question.pk),
            "questions-0-event": str(event.pk),
            "questions-0-kind": "text",
            "questions-0-label_pl": "Dieta",
            "questions-0-DELETE": "on",
        }
    )
    response = client_for(coordinator).post(f"/en/panel/events/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title_en == "Good practices at a member"
    assert not EventQuestion.objects.exists()
    entry = AuditEntry.objects.get(action="event.updated")
    assert "capacity" in entry.changes and "questions" in entry.changes


def test_cancelling_an_event_needs_a_reason_and_tells_everyone(
    client_for, coordinator, event, colleagues, register, django_capture_on_commit_callbacks
):
    for person in colleagues:
        register(event, person)
    mail.outbox.clear()
    client = client_for(coordinator)
    response = client.post(f"/en/panel/events/{event.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/panel/events/{event.pk}/cancel/", {"reason": "Sala zalana."})
    event.refresh_from_db()
    assert event.is_cancelled
    assert len(mail.outbox) == 3
    assert client.get(f"/en/panel/events/{event.pk}/edit/").status_code == 302


# --- Registrants, exports, check-in -------------------------------------------------------------


def test_the_registrants_list_filters_by_status_search_and_kind_of_registrant(
    client_for, coordinator, colleagues, register
):
    from events import services

    event = EventFactory(capacity=2, audience=Event.Audience.PUBLIC)
    for person in colleagues:
        register(event, person)
    guest = services.registration_create(
        event=event,
        actor=None,
        language="pl",
        guest={"first_name": "Ewa", "last_name": "Zewnętrzna", "email": "ewa@example.org"},
    )
    client = client_for(coordinator)
    url = f"/en/panel/events/{event.pk}/registrants/"

    def names(params=None):
        return [r.full_name for r in client.get(url, params or {}).context["page_obj"]]

    assert names() == [*(person.full_name for person in colleagues), guest.full_name]
    assert names({"status": "waitlisted"}) == [colleagues[2].full_name, guest.full_name]
    assert names({"q": colleagues[1].last_name}) == [colleagues[1].full_name]
    assert names({"registrant": "guest"}) == [guest.full_name]
    assert names({"registrant": "member"}) == [person.full_name for person in colleagues]


def test_the_exports_carry_the_filtered_registrants_and_their_answers(
    client_for, coordinator, event, colleagues, register
):
    question = QuestionFactory(event=event, kind="yes_no", label_en="Photo consent")
    register(event, colleagues[0], answers={str(question.pk): True})
    register(event, colleagues[1])
    client = client_for(coordinator)
    content = client.get(
        f"/en/panel/events/{event.pk}/registrants.csv", {"q": colleagues[0].last_name}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][-1] == "Photo consent"
    assert len(rows) == 2
    assert rows[1][3:6] == [colleagues[0].first_name, colleagues[0].last_name, colleagues[0].email]
    assert rows[1][-1] == "Yes"

    response = client.get(f"/en/panel/events/{event.pk}/registrants.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Number", "Registered", "Status"]
    assert sheet.max_row == 3


def test_check_in_finds_a_person_and_marks_them_attended_then_undoes_it(
    client_for, coordinator, event, colleagues, register
):
    registration = register(event, colleagues[0])
    register(event, colleagues[1])
    client = client_for(coordinator)
    response = client.get(f"/en/panel/events/{event.pk}/check-in/", {"q": colleagues[0].last_name})
    assert [r.pk for r in response.context["people"]] == [registration.pk]
    response = client.post(
        f"/en/panel/events/registrations/{registration.pk}/attendance/",
        {"status": "attended", "q": colleagues[0].last_name},
    )
    assert response.status_code == 302
    assert "check-in/?q=" in response["Location"]
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED and registration.checked_in_at
    assert client.get(f"/en/panel/events/{event.pk}/check-in/").context["checked_in"] == 1
    client.post(
        f"/en/panel/events/registrations/{registration.pk}/attendance/", {"status": "confirmed"}
    )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED and registration.checked_in_at is None


def test_attendance_cannot_be_marked_for_someone_on_the_waiting_list(
    client_for, coordinator, event, colleagues, register
):
    register(event, colleagues[0])
    register(event, colleagues[1])
    waiting = register(event, colleagues[2])
    client_for(coordinator).post(
        f"/en/panel/events/registrations/{waiting.pk}/attendance/", {"status": "attended"}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_the_coordinator_cancels_a_registration_and_the_waiting_list_moves(
    client_for, coordinator, event, colleagues, register
):
    first = register(event, colleagues[0])
    register(event, colleagues[1])
    waiting = register(event, colleagues[2])
    client_for(coordinator).post(f"/en/panel/events/registrations/{first.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


@pytest.mark.parametrize(
    "url",
    ["/en/panel/events/", "/en/panel/events/{pk}/registrants/", "/en/panel/events/{pk}/check-in/"],
)
def test_panel_lists_run_the_same_number_of_queries_for_10_and_200_rows(
    client_for, coordinator, query_count, url
):
    from members.models import Person

    event = EventFactory(capacity=None)
    QuestionFactory(event=event)
    organisation = active_member(name="Duży Członek")
    client = client_for(coordinator)
    url = url.format(pk=event.pk)

    def add(count, offset):
        from events import services

        people = Person.objects.bulk_create(
            Person(
                organisation=organisation,
                first_name=f"Imię{n}",
                last_name=f"Nazwisko{n}",
                email=f"p{n}@example.com",
            )
            for n in range(offset, offset + count)
        )
        for person in people:
            person.organisation = organisation
            services.registration_create(event=event, actor=None, person=person, language="pl")
        EventFactory.create_batch(count)

    add(10, 0)
    ten = query_count(lambda: client.get(url))
    add(190, 10)
    two_hundred = query_count(lambda: client.get(url))
    assert ten == two_hundred


# --- Documents ----------------------------------------------------------------------------------


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_attendance_list_pdf_lists_names_and_organisations(
    client_for, coordinator, event, colleagues, register, django_capture_on_commit_callbacks
):
    register(event, colleagues[0])
    register(event, colleagues[1])
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/panel/events/{event.pk}/attendance-list/")
    document = EventDocument.objects.get()
    assert document.status == EventDocument.Status.READY
    response = client.get(f"/en/panel/events/documents/{document.pk}/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Attendance list" in text
    for person in colleagues[:2]:
        assert person.last_name in text
    assert colleagues[0].organisation.name in text
    assert colleagues[2].last_name not in text


def test_certificates_are_rendered_in_each_persons_language_once(
    client_for, coordinator, event, colleagues, register, django_capture_on_commit_callbacks
):
    from events import services

    colleagues[0].language = "de"
    colleagues[0].save()
    german = register(event, colleagues[0])
    polish = register(event, colleagues[1])
    for registration in (german, polish):
        services.registration_set_attendance(
            registration=registration, actor=coordinator, status=Status.ATTENDED
        )
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/panel/events/{event.pk}/certificates/")
    documents = {d.registration_id: d for d in EventDocument.objects.all()}
    assert set(documents) == {german.pk, polish.pk}
    german_text = _pdf_text(bytes(documents[german.pk].content))
    polish_text = _pdf_text(bytes(documents[polish.pk].content))
    assert "Teilnahmebescheinigung" in german_text or german.full_name in german_text
    assert german.full_name in german_text and polish.full_name in polish_text
    assert documents[german.pk].language == "de" and documents[polish.pk].language == "pl"

    response = client.post(f"/en/panel/events/{event.pk}/certificates/")
    assert EventDocument.objects.count() == 2
    assert response.status_code == 302


def test_a_document_not_ready_cannot_be_downloaded(client_for, coordinator, event):
    document = EventDocument.objects.create(
        event=event, kind=EventDocument.Kind.ATTENDANCE_LIST, language="pl"
    )
    response = client_for(coordinator).get(f"/en/panel/events/documents/{document.pk}/")
    assert response.status_code == 404


def test_a_document_task_run_twice_renders_once(event, coordinator):
    from events import services

    document = EventDocument.objects.create(
        event=event, kind=EventDocument.Kind.ATTENDANCE_LIST, language="pl"
    )
    assert services.document_render(document_id=document.pk) is True
    assert services.document_render(document_id=document.pk) is False


def test_coordinators_only_is_the_rule_even_for_superuser_less_staff(client_for, event):
    staff = UserFactory(email="staff@example.com", is_staff=True)
    assert client_for(staff).get("/en/panel/events/").status_code == 403
