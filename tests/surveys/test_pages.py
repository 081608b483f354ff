"""Surveys' pages: the coordinator builds, sends and reads the results; a representative answers."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from surveys import services
from surveys.models import Question, Response, Section, Survey

from .factories import answers_for, survey_build

pytestmark = pytest.mark.django_db
PANEL = "/en/panel/surveys/"


def test_the_coordinator_builds_a_survey_in_the_panel(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(PANEL).status_code == 200
    response = client.post(
        f"{PANEL}new/",
        {
            "title_pl": "Potrzeby",
            "title_en": "Needs",
            "opens_at": "2026-01-01T10:00",
            "closes_at": "2030-01-01T10:00",
            "reminder_days": "3",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    client.post(f"{PANEL}{survey.pk}/sections/new/", {"title_pl": "Ogólne", "position": "1"})
    section = Section.objects.get()
    response = client.post(
        f"{PANEL}{survey.pk}/sections/{section.pk}/questions/new/",
        {
            "kind": "single",
            "text_pl": "Czy eksportujecie?",
            "position": "1",
            "required": "on",
            "options_pl": "Tak\nNie",
            "options_en": "Yes\nNo",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert [o.label_en for o in question.options.all()] == ["Yes", "No"]
    page = client.get(f"{PANEL}{survey.pk}/").content.decode()
    assert "Czy eksportujecie?" in page
    client.post(f"{PANEL}{survey.pk}/send/")
    survey.refresh_from_db()
    assert survey.status == Survey.Status.SENT


@pytest.mark.parametrize(
    "options",
    [
        {"options_pl": "Tak\nNie", "options_en": "Yes"},  # fewer than in Polish
        {"options_pl": "Tak\n\nNie"},  # an empty line
        {"options_pl": "x" * 201 + "\nNie"},  # too long a label
        {"options_pl": "\n".join(str(n) for n in range(40))},  # too many
        {"options_pl": "Tylko"},  # one option only
    ],
)
def test_the_builder_refuses_hostile_options(client_for, coordinator, options):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    section = survey.sections.get()
    before = Question.objects.count()
    response = client_for(coordinator).post(
        f"{PANEL}{survey.pk}/sections/{section.pk}/questions/new/",
        {"kind": "single", "text_pl": "Pytanie", "position": "1", **options},
    )
    assert response.status_code == 200
    assert Question.objects.count() == before


def test_the_builder_does_not_reach_another_surveys_section(client_for, coordinator):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    other, other_questions = survey_build(actor=coordinator, sent=False, title="Inna")
    client = client_for(coordinator)
    section = other.sections.get()
    assert client.get(f"{PANEL}{survey.pk}/sections/{section.pk}/").status_code == 404
    question = other_questions["text"]
    assert client.post(f"{PANEL}{survey.pk}/questions/{question.pk}/delete/").status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_representative_saves_a_draft_then_submits(client_for, coordinator, representative):
    survey, questions = survey_build(actor=coordinator)
    client = client_for(representative)
    listing = client.get("/en/surveys/").content.decode()
    assert "Members&#x27; needs" in listing or "Members' needs" in listing
    url = f"/en/surveys/{survey.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    single = questions["single"]
    option = single.options.first()
    client.post(url, {f"q{questions['text'].pk}": "Szkic", "action": "draft"})
    response = Response.objects.get()
    assert response.status == Response.Status.DRAFT
    # Submitting without the required answer keeps the draft and names the question.
    page = client.post(url, {f"q{questions['text'].pk}": "Szkic", "action": "submit"})
    assert page.status_code == 200
    assert "This question needs an answer." in page.content.decode()
    client.post(
        url,
        {
            f"q{single.pk}": str(option.pk),
            f"q{questions['multiple'].pk}": [
                str(o.pk) for o in questions["multiple"].options.all()
            ],
            f"q{questions['scale'].pk}": "5",
            f"q{questions['number'].pk}": "12.5",
            f"q{questions['text'].pk}": "Gotowe",
            "action": "submit",
        },
    )
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.get(question=questions["number"]).number == 12.5
    page = client.get(url).content.decode()
    assert "Gotowe" in page  # the answers come back to be changed


@pytest.mark.parametrize(
    "field, value",
    [
        ("single", "99999999999999999999999999"),  # no such option
        ("single", "other"),  # another question's option
        ("scale", "42"),
        ("number", "1e30"),
        ("number", "-5"),
        ("text", "x" * 5001),
    ],
)
def test_hostile_responses_are_refused(client_for, coordinator, representative, field, value):
    survey, questions = survey_build(actor=coordinator)
    if value == "other":
        value = str(questions["multiple"].options.first().pk)
    response = client_for(representative).post(
        f"/en/surveys/{survey.pk}/", {f"q{questions[field].pk}": value, "action": "submit"}
    )
    assert response.status_code == 200
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()


def test_a_closed_survey_takes_no_answers(client_for, coordinator, representative):
    survey, questions = survey_build(actor=coordinator)
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(minutes=1)
    )
    response = client_for(representative).post(
        f"/en/surveys/{survey.pk}/", {f"q{questions['text'].pk}": "Za późno", "action": "draft"}
    )
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_only_representatives_answer(client_for, coordinator, employee, outsider):
    survey, _questions = survey_build(actor=coordinator)
    assert client_for(employee).get(f"/en/surveys/{survey.pk}/").status_code == 403
    assert client_for(outsider).get("/en/surveys/").status_code == 403
    assert client_for(coordinator).get("/en/surveys/").status_code == 403
    assert client_for(None).get("/en/surveys/").status_code == 302


def test_a_draft_survey_is_not_found_by_members(client_for, coordinator, representative):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    assert client_for(representative).get(f"/en/surveys/{survey.pk}/").status_code == 404


def test_the_panel_refuses_others(client_for, coordinator, representative, council_member):
    survey, _questions = survey_build(actor=coordinator)
    for user in (representative, council_member):
        assert client_for(user).get(f"{PANEL}{survey.pk}/results/").status_code == 403
        assert client_for(user).post(f"{PANEL}{survey.pk}/send/").status_code == 403


def _submitted(coordinator, representative, *, anonymous=False):
    survey, questions = survey_build(actor=coordinator, anonymous=anonymous)
    services.response_save(
        survey=survey,
        organisation=representative.person.organisation,
        answers=answers_for(questions, text="=HYPERLINK(1)"),
        submit=True,
        actor=representative,
    )
    return survey, questions


def test_results_draw_accessible_charts_with_a_table(client_for, coordinator, representative):
    survey, questions = _submitted(coordinator, representative)
    page = client_for(coordinator).get(f"{PANEL}{survey.pk}/results/")
    content = page.content.decode()
    assert page.status_code == 200
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3  # choices and the scale
    start = content.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--bar"')
    svg = content[start : content.index("</svg>", start) + 6]
    root = ET.fromstring(svg)
    assert root.find("{http://www.w3.org/2000/svg}title").text == questions["single"].text
    assert "<table>" in content
    assert "<script" not in svg
    client = client_for(coordinator)
    filtered = client.get(f"{PANEL}{survey.pk}/results/", {"member_kind": "small"})
    assert filtered.context["responses"] == 1
    # A type without responses is no choice: the filter says so and shows every response.
    refused = client.get(f"{PANEL}{survey.pk}/results/", {"member_kind": "ngo"})
    assert refused.context["form"].errors


def test_exports_have_one_row_per_response(client_for, coordinator, representative):
    survey, _questions = _submitted(coordinator, representative)
    client = client_for(coordinator)
    csv_text = client.get(f"{PANEL}{survey.pk}/responses.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 2
    assert representative.person.organisation.name in lines[1]
    assert "'=HYPERLINK(1)" in lines[1]  # no formula runs in a spreadsheet
    content = client.get(f"{PANEL}{survey.pk}/responses.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 2
    assert sheet["D1"].value == "Do you export?"


def test_an_anonymous_export_has_no_organisation_column(client_for, coordinator, representative):
    survey, _questions = _submitted(coordinator, representative, anonymous=True)
    content = client_for(coordinator).get(f"{PANEL}{survey.pk}/responses.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    headers = [cell.value for cell in sheet[1]]
    assert "Name" not in headers and "name" not in headers
    assert representative.person.organisation.name not in str(list(sheet.values))
    assert sheet.max_row == 2


def test_another_surveys_question_posted_to_a_response_is_ignored(
    client_for, coordinator, representative
):
    survey, questions = survey_build(actor=coordinator)
    other, other_questions = survey_build(actor=coordinator, title="Inna")
    client_for(representative).post(
        f"/en/surveys/{survey.pk}/",
        {
            f"q{questions['text'].pk}": "Nasza",
            f"q{other_questions['text'].pk}": "Obca",
            "action": "draft",
        },
    )
    response = Response.objects.get(survey=survey)
    assert [answer.text for answer in response.answers.all()] == ["Nasza"]
    assert not Response.objects.filter(survey=other).exists()
