"""Members' survey pages: the surveys their organisation is asked, and the response form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors
from members.decorators import representative_required

from . import selectors, services
from .forms import SUBMIT_ACTIONS, ResponseForm


@representative_required
@require_safe
def index(request):
    return render(
        request,
        "surveys/index.html",
        {
            "organisation": request.organisation,
            "rows": selectors.surveys_for_organisation(organisation=request.organisation),
        },
    )


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request, pk):
    survey = selectors.sent_survey_or_none(pk)
    if survey is None:
        raise Http404
    organisation = request.organisation
    sections = selectors.survey_structure(survey)
    response = selectors.response_of(survey=survey, organisation=organisation)
    recipient = selectors.recipient_of(survey=survey, organisation=organisation)
    anonymous_done = survey.is_anonymous and recipient is not None and recipient.submitted_at
    can_answer = survey.is_open() and not anonymous_done
    if request.method == "POST":
        if not can_answer:
            messages.error(request, _("This survey no longer takes answers."))
            return redirect("surveys:detail", pk=survey.pk)
        form = ResponseForm(request.POST, sections=sections)
        submit = SUBMIT_ACTIONS.get(request.POST.get("action", ""), True)
        if form.is_valid():
            try:
                services.response_save(
                    survey=survey,
                    organisation=organisation,
                    answers=form.answers(),
                    submit=submit,
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submit:
                    messages.success(
                        request, _("Thank you: your organisation's answers are submitted.")
                    )
                else:
                    messages.success(request, _("Draft saved. Submit it before the survey closes."))
                return redirect("surveys:detail", pk=survey.pk)
    else:
        form = ResponseForm(initial=selectors.answers_initial(response), sections=sections)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "form": form,
            "response": response,
            "recipient": recipient,
            "can_answer": can_answer,
            "anonymous_done": anonymous_done,
        },
    )
