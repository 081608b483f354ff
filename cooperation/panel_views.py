"""The coordinator's board pages: moderation, the board's rules and the figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.panel import panel_render
from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

from . import selectors, services
from .models import Post
from .panel_forms import BoardSettingsForm, FiguresPeriodForm, HideForm, PanelPostFilterForm

POSTS_PER_PAGE = 25


def _post_or_404(pk):
    return get_object_or_404(
        Post.objects.select_related("organisation", "contact_person", "author"), pk=pk
    )


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


@coordinator_required
@require_safe
def index(request):
    form = PanelPostFilterForm(request.GET)
    posts = selectors.posts_for_panel(status=form.status_value())
    page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "cooperation/index.html",
        {
            "form": form,
            "page_obj": page_obj,
            "pending": selectors.posts_pending_count(),
            "board": selectors.board_settings(),
        },
    )


@coordinator_required
@require_safe
def post_detail(request, pk):
    post = _post_or_404(pk)
    return panel_render(
        request,
        "cooperation/detail.html",
        {
            "post": post,
            "hide_form": HideForm(),
            "trail": audit_entries_present(audit_trail_for(post)[:50]),
            "attachments": post.attachments.all(),
        },
    )


@coordinator_required
@require_POST
def post_approve(request, pk):
    post = _post_or_404(pk)
    try:
        services.post_approve(post=post, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The post is approved and on the board."))
    return redirect("panel_cooperation:detail", pk=post.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_hide(request, pk):
    post = _post_or_404(pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The post is hidden."))
            return redirect("panel_cooperation:detail", pk=post.pk)
    return panel_render(request, "cooperation/hide.html", {"post": post, "form": form})


@coordinator_required
@require_POST
def post_unhide(request, pk):
    post = _post_or_404(pk)
    try:
        services.post_unhide(post=post, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The post is shown again."))
    return redirect("panel_cooperation:detail", pk=post.pk)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def board_settings(request):
    board = selectors.board_settings()
    form = BoardSettingsForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_settings_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The board's rules are saved."))
            return redirect("panel_cooperation:settings")
    return panel_render(request, "cooperation/settings.html", {"form": form})


# --- Figures ------------------------------------------------------------------------------------


def _figure_columns():
    """(key, header) of the figures' columns, in the order of the table and the exports."""
    return [
        ("organisation", _("Organisation")),
        ("posts", _("Posts")),
        *((f"kind_{value}", str(label).capitalize()) for value, label in Post.Kind.choices),
        *((f"status_{value}", str(label).capitalize()) for value, label in Post.Status.choices),
        ("contacts_made", _("Contacts made")),
        ("contacts_received", _("Contacts received")),
        ("purchases_joined", _("Joint purchases joined")),
    ]


def _figures(request):
    form = FiguresPeriodForm(request.GET)
    start, end = form.period()
    return form, start, end, selectors.board_figures(start=start, end=end)


@coordinator_required
@require_safe
def figures(request):
    form, start, end, rows = _figures(request)
    columns = _figure_columns()
    totals = {key: sum(row[key] for row in rows) for key, _label in columns[1:]}
    return panel_render(
        request,
        "cooperation/figures.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "columns": columns,
            "table": [[row[key] for key, _label in columns] for row in rows],
            "totals": [totals[key] for key, _label in columns[1:]],
            "query": request.GET.urlencode(),
        },
    )


def _export(request):
    _form, start, end, rows = _figures(request)
    columns = _figure_columns()
    headers = [str(label) for _key, label in columns]
    values = [[spreadsheet_safe(row[key]) for key, _label in columns] for row in rows]
    return headers, values, f"board-figures-{start:%Y%m%d}-{end:%Y%m%d}"


@coordinator_required
@require_safe
def figures_export_csv(request):
    headers, rows, name = _export(request)
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@coordinator_required
@require_safe
def figures_export_xlsx(request):
    headers, rows, name = _export(request)
    response = HttpResponse(
        xlsx_bytes(headers, rows, title=_("Board")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
