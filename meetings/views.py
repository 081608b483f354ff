"""Members' meeting pages: my meetings, a meeting with its agenda and documents, the register;
the chair's or coordinator's opening and closing of a meeting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import role_required
from core.storage import private_file_response

from . import selectors, services

# Anonymous visitors go to log in; users who belong to no body get 403.
meetings_required = role_required(selectors.sees_meetings)


def _meeting_or_404(request, pk):
    """The meeting if the user may see it; 404 otherwise, so an outsider learns nothing."""
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


@meetings_required
@require_safe
def my_meetings(request):
    upcoming, past = selectors.my_meetings(user=request.user)
    return render(request, "meetings/my_meetings.html", {"upcoming": upcoming, "past": past})


@meetings_required
@require_safe
def register(request):
    return render(
        request,
        "meetings/register.html",
        {"meetings": selectors.meeting_register(user=request.user)},
    )


@meetings_required
@require_safe
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda_items": meeting.agenda_items.all(),
            "documents": meeting.meeting_documents,
            "may_run": selectors.may_run_meeting(user=request.user, meeting=meeting),
        },
    )


@meetings_required
@require_safe
def meeting_calendar(request, pk):
    meeting = _meeting_or_404(request, pk)
    response = HttpResponse(services.meeting_ics(meeting), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@meetings_required
@require_safe
def document_download(request, pk):
    document = selectors.document_for(user=request.user, pk=pk)
    if document is None:
        raise Http404
    return private_file_response(document.file, filename=document.file.name.rsplit("/", 1)[-1])


def _run(request, pk, service, done):
    meeting = _meeting_or_404(request, pk)
    if not selectors.may_run_meeting(user=request.user, meeting=meeting):
        raise PermissionDenied
    try:
        service(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(meeting.get_absolute_url())


@meetings_required
@require_POST
def meeting_open(request, pk):
    return _run(request, pk, services.meeting_open, _("The meeting is open."))


@meetings_required
@require_POST
def meeting_close(request, pk):
    return _run(request, pk, services.meeting_close, _("The meeting is closed."))
