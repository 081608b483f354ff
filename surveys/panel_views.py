"""The coordinator's survey pages: the builder, sending, the results and their exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.charts import bar_chart_svg, chart_rows
from core.forms import add_service_errors
from core.i18n import translations_missing
from core.panel import panel_render
from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

from . import selectors, services
from .models import Question, Section, Survey
from .panel_forms import QuestionForm, ResultsFilterForm, SectionForm, SurveyForm

SECTION = "surveys"


def _survey_or_404(pk):
    return get_object_or_404(Survey, pk=pk)


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


@coordinator_required
@require_safe
def index(request):
    return panel_render(
        request,
        "surveys/index.html",
        {"surveys": selectors.surveys_for_panel(), "now": timezone.now()},
        section=SECTION,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created. Add its sections and questions."))
            return redirect("panel_surveys:detail", pk=survey.pk)
    return panel_render(request, "surveys/survey_form.html", {"form": form}, section=SECTION)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request, pk):
    survey = _survey_or_404(pk)
    locked = services.survey_is_locked(survey)
    form = SurveyForm(
        request.POST or None,
        instance=survey,
        locked=locked,
        sent=survey.status == Survey.Status.SENT,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.survey_update(survey=survey, data=data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("panel_surveys:detail", pk=survey.pk)
    return panel_render(
        request, "surveys/survey_form.html", {"form": form, "survey": survey}, section=SECTION
    )


@coordinator_required
@require_safe
def detail(request, pk):
    survey = _survey_or_404(pk)
    sections = selectors.survey_structure(survey)
    missing = translations_missing(survey, ["title"])
    return panel_render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "sections": sections,
            "locked": services.survey_is_locked(survey),
            "missing": missing,
            "summary": selectors.survey_summary(survey),
            "trail": audit_entries_present(audit_trail_for(survey)[:30]),
        },
        section=SECTION,
    )


@coordinator_required
@require_POST
def survey_send(request, pk):
    survey = _survey_or_404(pk)
    try:
        services.survey_send(survey=survey, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The survey is sent: invitations go to every member."))
    return redirect("panel_surveys:detail", pk=survey.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def section_edit(request, pk, section_pk=None):
    survey = _survey_or_404(pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey) if section_pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                survey=survey, section=section, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect("panel_surveys:detail", pk=survey.pk)
    return panel_render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, "section": section},
        section=SECTION,
    )


@coordinator_required
@require_POST
def section_delete(request, pk, section_pk):
    survey = _survey_or_404(pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    try:
        services.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Section deleted with its questions."))
    return redirect("panel_surveys:detail", pk=survey.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, pk, section_pk=None, question_pk=None):
    survey = _survey_or_404(pk)
    question = None
    if question_pk is not None:
        question = get_object_or_404(Question, pk=question_pk, survey=survey)
        section = question.section
    else:
        section = get_object_or_404(Section, pk=section_pk, survey=survey)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                section=section,
                question=question,
                data=form.question_data(),
                options=form.options_labels,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("panel_surveys:detail", pk=survey.pk)
    return panel_render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "section": section, "question": question},
        section=SECTION,
    )


@coordinator_required
@require_POST
def question_delete(request, pk, question_pk):
    survey = _survey_or_404(pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        services.question_delete(question=question, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Question deleted."))
    return redirect("panel_surveys:detail", pk=survey.pk)


@coordinator_required
@require_safe
def results(request, pk):
    survey = _survey_or_404(pk)
    kinds = selectors.member_kinds_shown(survey)
    form = ResultsFilterForm(request.GET or None, kinds=kinds)
    member_kind = form.kind_value()
    results = selectors.survey_results(survey=survey, member_kind=member_kind)
    shown = []
    for result in results:
        question = result.question
        chart = None
        rows = []
        if result.counts:
            chart = bar_chart_svg(
                title=question.text,
                items=result.counts,
                orientation="vertical" if question.kind == Question.Kind.SCALE else "horizontal",
                chart_id=f"question-{question.pk}",
            )
            rows = chart_rows(result.counts)
        shown.append({"result": result, "chart": chart, "rows": rows})
    return panel_render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "form": form,
            "results": shown,
            "responses": selectors.submitted_responses(survey, member_kind=member_kind).count(),
            "summary": selectors.survey_summary(survey),
            "threshold": selectors.ANONYMITY_THRESHOLD,
        },
        section=SECTION,
    )


def _export(survey):
    headers, rows = selectors.export_rows(survey)
    return headers, [[spreadsheet_safe(value) for value in row] for row in rows]


def _filename(survey, extension):
    return f"survey-{survey.pk}-{timezone.localdate().isoformat()}.{extension}"


@coordinator_required
@require_safe
def export_csv(request, pk):
    survey = _survey_or_404(pk)
    headers, rows = _export(survey)
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    return response


@coordinator_required
@require_safe
def export_xlsx(request, pk):
    survey = _survey_or_404(pk)
    headers, rows = _export(survey)
    content = xlsx_bytes(headers, rows, title=_("Responses"))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "xlsx")}"'
    return response
