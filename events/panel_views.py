"""The coordinator's event pages: events, registrants, check-in and documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from . import exports, selectors, services
from .forms import answer_display
from .models import SEAT_STATUSES, Event, EventDocument, Registration
from .panel_forms import (
    CancelEventForm,
    EventFilter,
    EventForm,
    QuestionFormSet,
    RegistrationFilter,
    questions_data,
)

EVENTS_PER_PAGE = 25
REGISTRANTS_PER_PAGE = 50
Status = Registration.Status


def _event_or_404(pk):
    return get_object_or_404(Event, pk=pk)


def _registration_or_404(pk):
    return get_object_or_404(Registration.objects.select_related("event"), pk=pk)


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


# --- Events -------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def index(request):
    filterset = EventFilter(
        request.GET or None, queryset=selectors.events_for_panel().order_by("-starts_at", "-pk")
    )
    page_obj = Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    for event in page_obj:
        event.seats_left = selectors.seats_left(event)
    return panel_render(request, "events/index.html", {"filter": filterset, "page_obj": page_obj})


def _event_form_page(request, *, event=None):
    form = EventForm(request.POST or None, instance=event)
    formset = QuestionFormSet(request.POST or None, instance=event or Event(), prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if event is None:
                event = services.event_create(
                    actor=request.user, data=form.event_data(), questions=questions_data(formset)
                )
                messages.success(request, _("The event is saved as a draft."))
            else:
                services.event_update(
                    event=event,
                    actor=request.user,
                    data=form.event_data(),
                    questions=questions_data(formset),
                )
                messages.success(request, _("The changes are saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("panel_events:detail", pk=event.pk)
    return panel_render(
        request,
        "events/form.html",
        {"form": form, "formset": formset, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_create(request):
    return _event_form_page(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request, pk):
    event = _event_or_404(pk)
    if event.is_cancelled:
        messages.error(request, _("A cancelled event cannot be changed."))
        return redirect("panel_events:detail", pk=event.pk)
    return _event_form_page(request, event=event)


@coordinator_required
@require_safe
def event_detail(request, pk):
    try:
        event = selectors.events_for_panel().select_related("host_organisation").get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error
    return panel_render(
        request,
        "events/detail.html",
        {
            "event": event,
            "seats_left": selectors.seats_left(event),
            "status_counts": selectors.event_status_counts(event),
            "questions": selectors.event_questions(event),
            "documents": selectors.event_documents(event),
        },
    )


@coordinator_required
@require_POST
def event_publish(request, pk):
    event = _event_or_404(pk)
    try:
        services.event_publish(event=event, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The event is published."))
    return redirect("panel_events:detail", pk=event.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_cancel(request, pk):
    event = _event_or_404(pk)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                event=event, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The event is cancelled; everyone registered is being told by e-mail.")
            )
            return redirect("panel_events:detail", pk=event.pk)
    return panel_render(request, "events/cancel.html", {"event": event, "form": form})


# --- Registrants --------------------------------------------------------------------------------


def _registrants(request, event):
    return RegistrationFilter(
        request.GET or None, queryset=selectors.registrations_for_panel(event)
    )


@coordinator_required
@require_safe
def registrants(request, pk):
    event = _event_or_404(pk)
    filterset = _registrants(request, event)
    questions = selectors.event_questions(event)
    page_obj = Paginator(filterset.qs, REGISTRANTS_PER_PAGE).get_page(request.GET.get("page"))
    for registration in page_obj:
        registration.answer_texts = [
            (question.label, answer_display(question, registration.answers.get(str(question.pk))))
            for question in questions
        ]
    query = request.GET.copy()
    query.pop("page", None)
    return panel_render(
        request,
        "events/registrants.html",
        {
            "event": event,
            "filter": filterset,
            "page_obj": page_obj,
            "export_query": query.urlencode(),
            "is_filtered": bool(query),
        },
    )


def _export_filename(event, extension):
    return f"registrants-{event.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


@coordinator_required
@require_safe
def registrants_export_csv(request, pk):
    event = _event_or_404(pk)
    content = exports.export_csv(_registrants(request, event).qs, selectors.event_questions(event))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(event, "csv")}"'
    return response


@coordinator_required
@require_safe
def registrants_export_xlsx(request, pk):
    event = _event_or_404(pk)
    content = exports.export_xlsx(
        _registrants(request, event).qs, selectors.event_questions(event), title=_("Registrants")
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(event, "xlsx")}"'
    return response


@coordinator_required
@require_POST
def registration_cancel(request, pk):
    registration = _registration_or_404(pk)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.") % {"name": registration.full_name},
        )
    return redirect("panel_events:registrants", pk=registration.event_id)


# --- Check-in -----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def check_in(request, pk):
    event = _event_or_404(pk)
    # No name holds a NUL character, and PostgreSQL refuses to compare text with one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    people = selectors.registrations_for_check_in(event=event, query=query)
    counts = dict(selectors.event_status_counts(event))
    return panel_render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "query": query,
            "people": people,
            "checked_in": counts[Status.ATTENDED],
            "expected": sum(counts[status] for status in SEAT_STATUSES),
        },
    )


ATTENDANCE_CHOICES = {Status.ATTENDED, Status.NO_SHOW, Status.CONFIRMED}


@coordinator_required
@require_POST
def registration_attendance(request, pk):
    registration = _registration_or_404(pk)
    status = request.POST.get("status", "")
    if status not in ATTENDANCE_CHOICES:
        messages.error(request, _("Choose whether the person came."))
    else:
        try:
            registration = services.registration_set_attendance(
                registration=registration, actor=request.user, status=status
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": registration.full_name, "status": registration.get_status_display()},
            )
    if request.POST.get("next") == "registrants":
        return redirect("panel_events:registrants", pk=registration.event_id)
    url = reverse("panel_events:check_in", kwargs={"pk": registration.event_id})
    query = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


# --- Documents ----------------------------------------------------------------------------------


@coordinator_required
@require_POST
def attendance_list_request(request, pk):
    event = _event_or_404(pk)
    services.attendance_list_request(event=event, actor=request.user, language=get_language())
    messages.success(
        request, _("The attendance list is being prepared; it appears below when it is ready.")
    )
    return redirect("panel_events:detail", pk=event.pk)


@coordinator_required
@require_POST
def certificates_request(request, pk):
    event = _event_or_404(pk)
    try:
        documents = services.certificates_request(event=event, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s certificate is being prepared; it appears below when ready.",
                "%(count)s certificates are being prepared; they appear below when ready.",
                len(documents),
            )
            % {"count": len(documents)},
        )
    return redirect("panel_events:detail", pk=event.pk)


@coordinator_required
@require_safe
def document_download(request, pk):
    document = get_object_or_404(
        EventDocument.objects.select_related("event"), pk=pk, status=EventDocument.Status.READY
    )
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
