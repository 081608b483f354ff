"""The coordinator's meeting pages: meetings per body, the agenda, documents, the notice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response
from resolutions.models import GoverningBody

from . import selectors, services
from .models import AgendaItem, Meeting, MeetingDocument
from .panel_forms import AgendaItemForm, CancelForm, ConveneForm, DocumentForm, MeetingForm

MEETINGS_PER_PAGE = 25


def _meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.select_related("body", "chair", "secretary"), pk=pk)


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


@coordinator_required
@require_safe
def index(request):
    bodies = GoverningBody.objects.order_by("order", "name")
    body = None
    if request.GET.get("body"):
        body = bodies.filter(slug=request.GET["body"]).first()
    meetings = selectors.meetings_for_panel(body=body)
    page_obj = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "meetings/index.html",
        {"page_obj": page_obj, "bodies": bodies, "body": body},
    )


def _meeting_form_page(request, *, meeting=None):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(
                actor=request.user, data=form.meeting_data(), meeting=meeting
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("panel_meetings:detail", pk=meeting.pk)
    return panel_render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request):
    return _meeting_form_page(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting_or_404(pk)
    if meeting.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("This meeting can no longer be changed."))
        return redirect("panel_meetings:detail", pk=meeting.pk)
    return _meeting_form_page(request, meeting=meeting)


@coordinator_required
@require_safe
def meeting_detail(request, pk):
    meeting = _meeting_or_404(pk)
    items = meeting.agenda_items.select_related("election", "minutes_of").prefetch_related(
        "resolutions", "documents"
    )
    return panel_render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda_items": items,
            "documents": meeting.documents.filter(agenda_item__isnull=True),
            "editable": meeting.status in services.EDITABLE_STATUSES,
            "recipients": selectors.notice_recipients(meeting=meeting),
            "notices_sent": meeting.notices.filter(kind="notice").count(),
            "convene_form": ConveneForm(),
            "cancel_form": CancelForm(),
        },
    )


# --- The agenda ---------------------------------------------------------------------------------


def _item_form_page(request, *, meeting, item=None):
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_save(
                actor=request.user,
                meeting=meeting,
                data=form.item_data(),
                resolutions=form.cleaned_data["resolutions"],
                item=item,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect("panel_meetings:detail", pk=meeting.pk)
    return panel_render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": meeting, "item": item},
        status=400 if request.method == "POST" else 200,
    )


def _editable_or_redirect(request, meeting):
    if meeting.status in services.EDITABLE_STATUSES:
        return None
    messages.error(request, _("This meeting can no longer be changed."))
    return redirect("panel_meetings:detail", pk=meeting.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_create(request, pk):
    meeting = _meeting_or_404(pk)
    return _editable_or_redirect(request, meeting) or _item_form_page(request, meeting=meeting)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    return _editable_or_redirect(request, item.meeting) or _item_form_page(
        request, meeting=item.meeting, item=item
    )


@coordinator_required
@require_POST
def item_delete(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    try:
        services.agenda_item_delete(actor=request.user, item=item)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The item is removed from the agenda."))
    return redirect("panel_meetings:detail", pk=item.meeting_id)


@coordinator_required
@require_POST
def item_move(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    try:
        services.agenda_item_move(
            actor=request.user, item=item, up=request.POST.get("direction") != "down"
        )
    except ValidationError as error:
        _refuse(request, error)
    return redirect("panel_meetings:detail", pk=item.meeting_id)


# --- Documents ----------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_add(request, pk):
    meeting = _meeting_or_404(pk)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_document_add(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("panel_meetings:detail", pk=meeting.pk)
    return panel_render(
        request,
        "meetings/document_form.html",
        {"form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
@require_POST
def document_remove(request, pk):
    document = get_object_or_404(MeetingDocument, pk=pk)
    try:
        services.meeting_document_remove(actor=request.user, document=document)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The document is removed."))
    return redirect("panel_meetings:detail", pk=document.meeting_id)


@coordinator_required
@require_safe
def document_download(request, pk):
    document = get_object_or_404(MeetingDocument, pk=pk)
    return private_file_response(document.file, filename=document.file.name.rsplit("/", 1)[-1])


# --- The notice and the cancellation ------------------------------------------------------------


@coordinator_required
@require_POST
def meeting_convene(request, pk):
    meeting = _meeting_or_404(pk)
    form = ConveneForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.meeting_convene(
                actor=request.user,
                meeting=meeting,
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(
                request,
                _("Meeting no. %(number)s is convened; the notice is on its way.")
                % {"number": meeting.number_display},
            )
    else:
        messages.error(request, _("Check the reason for the short notice."))
    return redirect("panel_meetings:detail", pk=meeting.pk)


@coordinator_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting_or_404(pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The meeting is cancelled; everyone notified is told."))
    else:
        messages.error(request, _("Check the reason."))
    return redirect("panel_meetings:detail", pk=meeting.pk)
