"""The meeting's register at the door (on a phone), proxies, and the votes taken at the meeting.

The clerk is the coordinator or the meeting's chair or secretary; members give and withdraw
their proxies and check themselves in online from the meeting's page.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_service_errors
from core.storage import private_file_response
from members import roles
from members.models import Person
from resolutions.models import Resolution

from . import attendance, selectors
from .attendance_forms import CheckInForm, MeetingProxyForm, NamedVoteForm, TotalsForm
from .models import AgendaItem, Attendance, MeetingProxy
from .views import meetings_required


def _meeting_or_404(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _clerk_meeting(request, pk):
    """The meeting if the user keeps its register; 404 if they cannot see it, else 403."""
    meeting = _meeting_or_404(request, pk)
    if not attendance.may_keep_register(user=request.user, meeting=meeting):
        raise PermissionDenied
    return meeting


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


# --- The register -------------------------------------------------------------------------------


@meetings_required
@require_safe
def register(request, pk):
    meeting = _clerk_meeting(request, pk)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    return render(
        request,
        "meetings/attendance_register.html",
        {
            "meeting": meeting,
            "query": query,
            "rows": attendance.register_people(meeting=meeting, query=query),
            "quorum": attendance.quorum_of(meeting=meeting),
            "proxies": attendance.active_proxies(meeting=meeting),
            "open": meeting.status in attendance.REGISTER_STATUSES,
            "modes": Attendance.Mode.choices,
        },
    )


def _back_to_register(meeting_id, query):
    url = reverse("meetings:attendance", kwargs={"pk": meeting_id})
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@meetings_required
@require_POST
def check_in(request, pk):
    meeting = _clerk_meeting(request, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and how they are present."))
        return _back_to_register(meeting.pk, "")
    person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
    if person is None:
        raise Http404
    try:
        attendance.attendance_check_in(
            actor=request.user, meeting=meeting, person=person, mode=form.cleaned_data["mode"]
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": person.full_name})
    return _back_to_register(meeting.pk, form.cleaned_data["q"])


@meetings_required
@require_POST
def leave(request, pk):
    row = get_object_or_404(Attendance.objects.select_related("person"), pk=pk)
    meeting = _clerk_meeting(request, row.meeting_id)
    try:
        attendance.attendance_leave(actor=request.user, attendance=row)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("%(name)s has left.") % {"name": row.person.full_name})
    return _back_to_register(meeting.pk, request.POST.get("q", "").strip()[:200])


@meetings_required
@require_POST
def self_check_in(request, pk):
    meeting = _meeting_or_404(request, pk)
    try:
        attendance.attendance_self_check_in(user=request.user, meeting=meeting)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("You are checked in online."))
    return redirect(meeting.get_absolute_url())


# --- Proxies ------------------------------------------------------------------------------------


@meetings_required
@require_http_methods(["GET", "HEAD", "POST"])
def proxy_grant(request, pk):
    meeting = _meeting_or_404(request, pk)
    organisation = attendance.entitled_organisation(meeting=meeting, user=request.user)
    if organisation is None or meeting.status not in attendance.PROXY_STATUSES:
        raise PermissionDenied
    representative = roles.person_of(request.user)
    form = MeetingProxyForm(
        request.POST or None,
        request.FILES or None,
        meeting=meeting,
        organisation=organisation,
        representative=representative,
    )
    if request.method == "POST" and form.is_valid():
        try:
            attendance.meeting_proxy_grant(
                actor=request.user,
                meeting=meeting,
                holder=form.cleaned_data["proxy"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s holds your organisation's vote at the meeting.")
                % {"name": form.cleaned_data["proxy"].full_name},
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/attendance_proxy_form.html",
        {"form": form, "meeting": meeting, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@meetings_required
@require_POST
def proxy_withdraw(request, pk):
    proxy = get_object_or_404(MeetingProxy.objects.select_related("organisation", "holder"), pk=pk)
    meeting = _meeting_or_404(request, proxy.meeting_id)
    try:
        attendance.meeting_proxy_withdraw(actor=request.user, proxy=proxy)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The proxy is withdrawn."))
    return redirect(meeting.get_absolute_url())


@meetings_required
@require_safe
def proxy_document(request, pk):
    proxy = attendance.proxy_document_for(user=request.user, pk=pk)
    if proxy is None:
        raise Http404
    return private_file_response(
        proxy.document,
        filename=f"proxy-{proxy.meeting_id}-{proxy.organisation_id}.pdf",
        content_type="application/pdf",
    )


# --- Votes at the meeting -----------------------------------------------------------------------


@meetings_required
@require_safe
def votes(request, pk):
    meeting = _clerk_meeting(request, pk)
    return render(
        request,
        "meetings/attendance_votes.html",
        {
            "meeting": meeting,
            "items": attendance.items_with_votes(meeting=meeting),
            "quorum": attendance.quorum_of(meeting=meeting),
            "records": meeting.quorum_records.select_related("resolution", "election"),
        },
    )


@meetings_required
@require_http_methods(["GET", "HEAD", "POST"])
def resolution_vote(request, pk, resolution_pk):
    item = get_object_or_404(AgendaItem, pk=pk, kind=AgendaItem.Kind.RESOLUTIONS)
    meeting = _clerk_meeting(request, item.meeting_id)
    resolution = get_object_or_404(item.resolutions.select_related("body"), pk=resolution_pk)
    present = [vote for vote in attendance.votes_present(meeting=meeting) if vote.cast_by]
    data = request.POST or None
    form = TotalsForm(data) if resolution.is_secret else NamedVoteForm(data, votes=present)
    if request.method == "POST" and form.is_valid():
        try:
            if resolution.is_secret:
                resolution = attendance.meeting_resolution_vote(
                    actor=request.user, item=item, resolution=resolution, **form.cleaned_data
                )
            else:
                resolution = attendance.meeting_resolution_vote(
                    actor=request.user, item=item, resolution=resolution, choices=form.choices()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(resolution)s: %(outcome)s.")
                % {"resolution": resolution, "outcome": resolution.get_outcome_display()},
            )
            return redirect("meetings:votes", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance_vote_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "resolution": resolution,
            "quorum": attendance.quorum_of(meeting=meeting),
            "voted": resolution.status != Resolution.Status.DRAFT,
        },
        status=400 if request.method == "POST" else 200,
    )


@meetings_required
@require_POST
def election_quorum(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk, kind=AgendaItem.Kind.ELECTION)
    meeting = _clerk_meeting(request, item.meeting_id)
    try:
        record = attendance.meeting_election_quorum_record(actor=request.user, item=item)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("Quorum recorded: %(present)s of %(eligible)s (%(required)s required).")
            % {
                "present": record.present + record.by_proxy,
                "eligible": record.eligible,
                "required": record.required,
            },
        )
    return redirect("meetings:votes", pk=meeting.pk)
