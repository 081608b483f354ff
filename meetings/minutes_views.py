"""Pages of the minutes: the secretary drafts and edits them, the chair of a later meeting
records their approval, the body's people download the approved PDF. The panel's pages let the
coordinator do the same from the meeting's panel page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required, role_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response

from . import selectors, services
from .minutes_forms import MinutesApproveForm, MinutesForm
from .models import AgendaItem, Meeting, Minutes

meetings_required = role_required(selectors.sees_meetings)


def _meeting_or_404(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _minutes_of(meeting):
    return Minutes.objects.filter(meeting=meeting).first()


def _pdf_response(minutes):
    meeting = minutes.meeting
    return private_file_response(
        minutes.pdf, filename=f"protokol-{meeting.number}-{meeting.year}.pdf"
    )


def _edit_page(request, meeting, *, template, render_page, done_url):
    minutes = _minutes_of(meeting)
    form = None
    if minutes is not None and minutes.status == Minutes.Status.DRAFT:
        form = MinutesForm(request.POST or None, initial={"text": minutes.text})
        if request.method == "POST" and form.is_valid():
            try:
                services.minutes_update(
                    actor=request.user, minutes=minutes, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The minutes are saved."))
                return redirect(done_url)
    elif request.method == "POST":
        messages.error(request, _("Only draft minutes can be changed."))
        return redirect(done_url)
    return render_page(
        request,
        template,
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "may_draft": meeting.status in services.MINUTES_MEETING_STATUSES,
        },
        status=400 if request.method == "POST" else 200,
    )


def _draft(request, meeting, done_url):
    try:
        services.minutes_draft(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are drafted from the meeting's record."))
    return redirect(done_url)


# --- Members' pages -----------------------------------------------------------------------------


def _editable_meeting_or_403(request, pk):
    meeting = _meeting_or_404(request, pk)
    if not selectors.may_edit_minutes(user=request.user, meeting=meeting):
        raise PermissionDenied
    return meeting


@meetings_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_edit(request, pk):
    meeting = _editable_meeting_or_403(request, pk)
    return _edit_page(
        request,
        meeting,
        template="meetings/minutes_edit.html",
        render_page=render,
        done_url=meeting.get_absolute_url(),
    )


@meetings_required
@require_POST
def minutes_draft(request, pk):
    meeting = _editable_meeting_or_403(request, pk)
    return _draft(request, meeting, f"{meeting.get_absolute_url()}#minutes-heading")


@meetings_required
@require_POST
def minutes_approve(request, pk):
    """Record, on the later meeting's page, that its item approved the earlier minutes."""
    item = AgendaItem.objects.select_related("meeting", "minutes_of").filter(pk=pk).first()
    if item is None or item.kind != AgendaItem.Kind.MINUTES:
        raise Http404
    meeting = _meeting_or_404(request, item.meeting_id)
    if not selectors.may_run_meeting(user=request.user, meeting=meeting):
        raise PermissionDenied
    minutes = _minutes_of(item.minutes_of)
    form = MinutesApproveForm(request.POST, item=item)
    if minutes is None:
        messages.error(request, _("The minutes of that meeting are not drafted yet."))
    elif not form.is_valid():
        messages.error(request, _("Choose an adopted resolution of this item, or none."))
    else:
        try:
            services.minutes_approve(
                minutes=minutes,
                at_meeting=meeting,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The minutes are approved; they are published to the body's people.")
            )
    return redirect(f"{meeting.get_absolute_url()}#minutes-heading")


@meetings_required
@require_safe
def minutes_pdf(request, pk):
    minutes = selectors.minutes_pdf_for(user=request.user, pk=pk)
    if minutes is None:
        raise Http404
    return _pdf_response(minutes)


# --- The coordinator's panel --------------------------------------------------------------------


def _panel_meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.select_related("body", "chair", "secretary"), pk=pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def panel_minutes(request, pk):
    meeting = _panel_meeting_or_404(pk)
    return _edit_page(
        request,
        meeting,
        template="meetings/minutes_edit.html",
        render_page=panel_render,
        done_url=reverse("panel_meetings:minutes", kwargs={"pk": meeting.pk}),
    )


@coordinator_required
@require_POST
def panel_minutes_draft(request, pk):
    meeting = _panel_meeting_or_404(pk)
    return _draft(request, meeting, reverse("panel_meetings:minutes", kwargs={"pk": meeting.pk}))


@coordinator_required
@require_safe
def panel_minutes_pdf(request, pk):
    minutes = get_object_or_404(
        Minutes.objects.select_related("meeting").exclude(pdf=""), meeting_id=pk
    )
    return _pdf_response(minutes)
