"""The coordinator's report pages: statistics and their exports, the ECCP check with the
cluster's profile, team and labels, the indicators' history, and the annual reports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.spreadsheets import csv_bytes, spreadsheet_safe, xlsx_bytes

from . import exports, selectors, services
from .charts import bar_chart, growth_chart, indicator_chart
from .forms import (
    AnnualReportForm,
    ClusterProfileForm,
    IndicatorTargetForm,
    IndicatorValueForm,
    LabelForm,
    PeriodForm,
    TeamMemberForm,
)
from .models import AnnualReport, ClusterLabel, IndicatorValue, ManagementTeamMember

SECTION = "reports"


def _render(request, template, context=None, status=200):
    return panel_render(request, f"reports/{template}", context, section=SECTION, status=status)


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


# --- Statistics ---------------------------------------------------------------------------------


@coordinator_required
@require_safe
def index(request):
    form = PeriodForm(request.GET)
    start, end = form.period()
    stats = selectors.cluster_statistics(start=start, end=end)
    return _render(
        request,
        "index.html",
        {
            "form": form,
            "stats": stats,
            "charts": {
                "growth": growth_chart(stats.growth),
                "by_kind": bar_chart(
                    title=_("Members by type"),
                    rows=stats.by_kind,
                    key="members",
                    ident="by-kind",
                ),
                "by_region": bar_chart(
                    title=_("Members by region"),
                    rows=stats.by_region,
                    key="members",
                    ident="by-region",
                ),
            },
            "query": request.GET.urlencode(),
        },
    )


def _export(request):
    start, end = PeriodForm(request.GET).period()
    stats = selectors.cluster_statistics(start=start, end=end)
    headers = [_("Section"), _("Figure"), _("Value")]
    rows = [[spreadsheet_safe(cell) for cell in row] for row in exports.statistics_rows(stats)]
    return headers, rows, f"cluster-statistics-{start:%Y%m%d}-{end:%Y%m%d}"


@coordinator_required
@require_safe
def statistics_csv(request):
    headers, rows, name = _export(request)
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@coordinator_required
@require_safe
def statistics_xlsx(request):
    headers, rows, name = _export(request)
    response = HttpResponse(
        xlsx_bytes(headers, rows, title=_("Statistics")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- Eligibility, profile, team and labels ------------------------------------------------------


@coordinator_required
@require_safe
def eligibility(request):
    today = selectors.cluster_today()
    criteria = selectors.eccp_eligibility(day=today)
    return _render(
        request,
        "eligibility.html",
        {
            "today": today,
            "criteria": criteria,
            "eligible": all(criterion.met for criterion in criteria),
            "labels": selectors.labels(),
            "valid_labels": selectors.labels_valid_on(today),
            "team": ManagementTeamMember.objects.order_by("-starts_on", "name", "pk"),
            "profile": selectors.cluster_profile(),
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    form = ClusterProfileForm(request.POST or None, instance=selectors.cluster_profile())
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_profile_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The cluster's profile is saved."))
            return redirect("panel_reports:eligibility")
    return _render(request, "form.html", {"form": form, "heading": _("The cluster's profile")})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_member_edit(request, pk=None):
    member = get_object_or_404(ManagementTeamMember, pk=pk) if pk is not None else None
    form = TeamMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_save(actor=request.user, data=form.cleaned_data, member=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The management team is saved."))
            return redirect("panel_reports:eligibility")
    heading = _("A member of the management team") if member else _("Add to the management team")
    return _render(
        request,
        "form.html",
        {
            "form": form,
            "heading": heading,
            "delete_url": "panel_reports:team_member_delete" if member else None,
            "object": member,
        },
    )


@coordinator_required
@require_POST
def team_member_delete(request, pk):
    member = get_object_or_404(ManagementTeamMember, pk=pk)
    services.team_member_delete(actor=request.user, member=member)
    messages.success(request, _("The person is removed from the management team."))
    return redirect("panel_reports:eligibility")


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def label_edit(request, pk=None):
    label = get_object_or_404(ClusterLabel, pk=pk) if pk is not None else None
    form = LabelForm(request.POST or None, instance=label)
    if request.method == "POST" and form.is_valid():
        try:
            services.label_save(actor=request.user, data=form.cleaned_data, label=label)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The label is saved."))
            return redirect("panel_reports:eligibility")
    return _render(
        request,
        "form.html",
        {
            "form": form,
            "heading": _("A label of the cluster") if label else _("Record a label"),
            "delete_url": "panel_reports:label_delete" if label else None,
            "object": label,
        },
    )


@coordinator_required
@require_POST
def label_delete(request, pk):
    label = get_object_or_404(ClusterLabel, pk=pk)
    services.label_delete(actor=request.user, label=label)
    messages.success(request, _("The label is removed."))
    return redirect("panel_reports:eligibility")


# --- Indicators ---------------------------------------------------------------------------------


def _item_or_404(pk):
    return get_object_or_404(selectors.plan_items_with_indicators(), pk=pk)


@coordinator_required
@require_safe
def indicators(request):
    items = list(selectors.plan_items_with_indicators())
    history = selectors.indicator_history(item_ids=[item.pk for item in items])
    rows = []
    for item in items:
        path = selectors.target_path(item, selectors.path_of(item))
        values = history[item.pk]
        rows.append(
            {
                "item": item,
                "latest": values[-1] if values else None,
                "count": len(values),
                "chart": indicator_chart(item=item, values=values, path=path)
                if values or path
                else "",
            }
        )
    return _render(request, "indicators.html", {"rows": rows})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_detail(request, pk):
    item = _item_or_404(pk)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_record(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value is recorded."))
            return redirect("panel_reports:indicator", pk=item.pk)
    return _indicator_page(request, item, value_form=form)


def _indicator_page(request, item, *, value_form=None, target_form=None, status=200):
    path_row = selectors.path_of(item)
    values = selectors.indicator_history(item_ids=[item.pk])[item.pk]
    path = selectors.target_path(item, path_row)
    return _render(
        request,
        "indicator.html",
        {
            "item": item,
            "values": [
                {"value": value, "source": selectors.source_label(value.source)}
                for value in reversed(values)
            ],
            "path": path,
            "own_path": path_row,
            "chart": indicator_chart(item=item, values=values, path=path),
            "value_form": value_form or IndicatorValueForm(),
            "target_form": target_form or IndicatorTargetForm(instance=path_row),
            "source": selectors.source_label(item.indicator_source)
            if item.indicator_source
            else "",
        },
        status=status,
    )


@coordinator_required
@require_POST
def indicator_target(request, pk):
    item = _item_or_404(pk)
    form = IndicatorTargetForm(request.POST, instance=selectors.path_of(item))
    if form.is_valid():
        try:
            services.indicator_target_save(actor=request.user, item=item, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target path is saved."))
            return redirect("panel_reports:indicator", pk=item.pk)
    return _indicator_page(request, item, target_form=form)


@coordinator_required
@require_POST
def indicator_target_delete(request, pk):
    item = _item_or_404(pk)
    path = selectors.path_of(item)
    if path is not None:
        services.indicator_target_delete(actor=request.user, target=path)
        messages.success(request, _("The indicator follows the item's dates and target again."))
    return redirect("panel_reports:indicator", pk=item.pk)


@coordinator_required
@require_POST
def indicator_value_delete(request, pk):
    value = get_object_or_404(IndicatorValue.objects.select_related("plan_item"), pk=pk)
    item_pk = value.plan_item_id
    services.indicator_value_delete(actor=request.user, value=value)
    messages.success(request, _("The value is removed."))
    return redirect("panel_reports:indicator", pk=item_pk)


# --- Annual reports -----------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual_reports(request):
    form = AnnualReportForm(
        request.POST or None, initial={"year": selectors.cluster_today().year - 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_request(actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is being prepared; this page shows when."))
            return redirect("panel_reports:annual_reports")
    reports = list(selectors.annual_reports())
    return _render(
        request,
        "annual_reports.html",
        {
            "form": form,
            "reports": reports,
            "working": any(
                report.status in (AnnualReport.Status.QUEUED, AnnualReport.Status.RENDERING)
                for report in reports
            ),
        },
    )
