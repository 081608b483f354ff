"""The security tests' part for the surveys app (see `parts/__init__.py`).

A sent survey open for answers with the representative's organisation's draft, and a survey
still being built (its title carries a marker only the coordinator may see).
"""

import datetime

from django.utils import timezone

from ..rules import COORDINATOR, NOBODY, REPRESENTATIVE, Rule, Variants, marker_for

_PANEL_PAGES = [
    "index",
    "create",
    "detail",
    "edit",
    "section_create",
    "section_edit",
    "question_create",
    "question_edit",
    "results",
    "export_csv",
    "export_xlsx",
]
_PANEL_ACTIONS = ["send", "section_delete", "question_delete"]

TABLE: dict = {
    # Representatives of active members answer for their organisation.
    "surveys:index": Rule(get=REPRESENTATIVE),
    "surveys:detail[sent]": Rule(get=REPRESENTATIVE),
    # A survey not sent yet is nobody's to answer.
    "surveys:detail[draft]": Rule(get=NOBODY),
    **{f"panel_surveys:{name}": Rule(get=COORDINATOR) for name in _PANEL_PAGES},
    **{f"panel_surveys:{name}": Rule(get=NOBODY, post=COORDINATOR) for name in _PANEL_ACTIONS},
}
MARKER_READERS: dict = {"draft_survey": COORDINATOR}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def _survey(*, coordinator, title, sent):
    from surveys import services

    now = timezone.now()
    survey = services.survey_create(
        data={
            "title_pl": title,
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=20),
        },
        actor=coordinator,
    )
    section = services.section_save(survey=survey, data={"title_pl": "Sekcja"}, actor=coordinator)
    question = services.question_save(
        section=section,
        data={"kind": "single", "text_pl": "Pytanie", "required": True},
        options=[{"label_pl": "Tak"}, {"label_pl": "Nie"}],
        actor=coordinator,
    )
    services.question_save(
        section=section,
        data={"kind": "number", "text_pl": "Liczba", "number_min": 0, "number_max": 10},
        actor=coordinator,
    )
    if sent:
        survey = services.survey_send(survey=survey, actor=coordinator)
    return survey, section, question


def build(world, *, outsider, employee, representative, council_member, coordinator):
    from surveys import services

    o = world.objects
    o["survey"], o["survey_section"], o["survey_question"] = _survey(
        coordinator=coordinator, title="Ankieta potrzeb", sent=True
    )
    o["draft_survey"], o["draft_survey_section"], o["draft_survey_question"] = _survey(
        coordinator=coordinator, title=f"Ankieta {marker_for('draft_survey')}", sent=False
    )
    services.response_save(
        survey=o["survey"],
        organisation=representative.person.organisation,
        answers={},
        submit=False,
        actor=representative,
    )


def url_kwargs(objects):
    o = objects
    draft = {"pk": o["draft_survey"].pk}
    section = {**draft, "section_pk": o["draft_survey_section"].pk}
    question = {**draft, "question_pk": o["draft_survey_question"].pk}
    return {
        "surveys:detail": Variants(sent={"pk": o["survey"].pk}, draft=draft),
        "panel_surveys:detail": draft,
        "panel_surveys:edit": draft,
        "panel_surveys:send": draft,
        "panel_surveys:section_create": draft,
        "panel_surveys:section_edit": section,
        "panel_surveys:section_delete": section,
        "panel_surveys:question_create": section,
        "panel_surveys:question_edit": question,
        "panel_surveys:question_delete": question,
        "panel_surveys:results": {"pk": o["survey"].pk},
        "panel_surveys:export_csv": {"pk": o["survey"].pk},
        "panel_surveys:export_xlsx": {"pk": o["survey"].pk},
    }
