"""The coordinator panel for governance: resolutions, bodies, meeting votes, strategy, plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render
from core.storage import private_file_response

from . import selectors, services
from .forms import (
    BodyForm,
    GoalForm,
    MeetingVoteForm,
    PlanForm,
    PlanItemForm,
    StrategyForm,
)
from .models import (
    EligibleVoter,
    GoverningBody,
    OperationalPlan,
    PlanItem,
    Resolution,
    StrategicGoal,
    Strategy,
)
from .tasks import plan_pdf_render

RESOLUTIONS_PER_PAGE = 25


@coordinator_required
@require_safe
def index(request):
    status = request.GET.get("status", "")
    # Only a slug names a body; anything else (a NUL, which PostgreSQL refuses) filters nothing.
    body = request.GET.get("body", "")
    resolutions = selectors.resolutions_filtered(
        Resolution.objects.select_related("body").order_by("-created_at"),
        status=status if status in Resolution.Status.values else None,
        body=body if slug_re.fullmatch(body) else None,
    )
    page = Paginator(resolutions, RESOLUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "resolutions/index.html",
        {
            "page_obj": page,
            "resolutions": page.object_list,
            "statuses": Resolution.Status.choices,
            "status": status,
            "bodies": GoverningBody.objects.all(),
        },
    )


# --- Bodies -------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def body_list(request):
    return panel_render(
        request,
        "resolutions/body_list.html",
        {"bodies": GoverningBody.objects.prefetch_related("appointed_people")},
    )


def _body_form(request, body=None):
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_save(
                actor=request.user,
                body=body,
                data=form.body_data(),
                appointed_people=form.cleaned_data["appointed_people"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The governing body is saved."))
            return redirect("panel_resolutions:body_list")
    title = _("Edit %(name)s") % {"name": body.name} if body else _("Add a governing body")
    return panel_render(
        request,
        "resolutions/form.html",
        {"form": form, "title": title, "back_url": reverse("panel_resolutions:body_list")},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_create(request):
    return _body_form(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_edit(request, pk):
    return _body_form(request, get_object_or_404(GoverningBody, pk=pk))


# --- Meeting votes and proxies ------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_vote(request, pk):
    resolution = get_object_or_404(
        Resolution.objects.select_related("body"), pk=pk, status=Resolution.Status.DRAFT
    )
    meeting_date = timezone.localdate()
    form = MeetingVoteForm(
        request.POST or None,
        electorate=services.electorate_of(resolution.body, on=meeting_date),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_vote_record(
                resolution=resolution,
                actor=request.user,
                meeting_date=form.cleaned_data["meeting_date"],
                attendees=form.cleaned_data["attendees"],
                votes_for=form.cleaned_data["votes_for"],
                votes_against=form.cleaned_data["votes_against"],
                votes_abstain=form.cleaned_data["votes_abstain"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting vote is recorded."))
            return redirect(resolution)
    return panel_render(
        request, "resolutions/meeting_vote.html", {"form": form, "resolution": resolution}
    )


@coordinator_required
@require_safe
def proxy_document(request, pk):
    voter = get_object_or_404(EligibleVoter, pk=pk)
    return private_file_response(
        voter.proxy_document, filename=f"proxy-{voter.resolution_id}-{voter.pk}.pdf"
    )


# --- Strategy and plans -------------------------------------------------------------------------


@coordinator_required
@require_safe
def strategy_list(request):
    return panel_render(
        request,
        "resolutions/strategy_list.html",
        {
            "strategies": selectors.strategies(),
            "plans": OperationalPlan.objects.select_related("strategy", "adopted_by__body"),
        },
    )


def _saving_form(request, form, save, success_message, redirect_to, title):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(redirect_to(saved))
    return panel_render(
        request,
        "resolutions/form.html",
        {
            "form": form,
            "title": title,
            "back_url": reverse("panel_resolutions:strategy_list"),
        },
    )


def _strategy_form(request, strategy=None):
    form = StrategyForm(request.POST or None, instance=strategy)
    return _saving_form(
        request,
        form,
        lambda form: services.strategy_save(
            actor=request.user, strategy=strategy, data=form.cleaned_data
        ),
        _("The strategy is saved."),
        lambda saved: "panel_resolutions:strategy_list",
        _("Edit the strategy") if strategy else _("Add a strategy"),
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def strategy_create(request):
    return _strategy_form(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def strategy_edit(request, pk):
    return _strategy_form(request, get_object_or_404(Strategy, pk=pk))


def _goal_form(request, strategy, goal=None):
    form = GoalForm(request.POST or None, instance=goal or StrategicGoal(strategy=strategy))
    return _saving_form(
        request,
        form,
        lambda form: services.strategic_goal_save(
            actor=request.user, strategy=strategy, goal=goal, data=form.cleaned_data
        ),
        _("The goal is saved."),
        lambda saved: "panel_resolutions:strategy_list",
        _("Edit the goal") if goal else _("Add a goal to %(strategy)s") % {"strategy": strategy},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_create(request, strategy_pk):
    return _goal_form(request, get_object_or_404(Strategy, pk=strategy_pk))


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request, pk):
    goal = get_object_or_404(StrategicGoal.objects.select_related("strategy"), pk=pk)
    return _goal_form(request, goal.strategy, goal)


def _plan_form(request, plan=None):
    form = PlanForm(request.POST or None, instance=plan)
    return _saving_form(
        request,
        form,
        lambda form: services.plan_save(actor=request.user, plan=plan, data=form.cleaned_data),
        _("The operational plan is saved."),
        lambda saved: saved,
        _("Edit the operational plan") if plan else _("Add an operational plan"),
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request):
    return _plan_form(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, pk):
    return _plan_form(request, get_object_or_404(OperationalPlan, pk=pk))


def _item_form(request, plan, item=None):
    form = PlanItemForm(request.POST or None, instance=item or PlanItem(plan=plan), plan=plan)
    return _saving_form(
        request,
        form,
        lambda form: services.plan_item_save(
            actor=request.user,
            plan=plan,
            item=item,
            data=form.item_data(),
            resolutions=form.cleaned_data["resolutions"],
            events=form.cleaned_data["events"],
        ),
        _("The plan item is saved."),
        lambda saved: plan,
        _("Edit the plan item") if item else _("Add an item to %(plan)s") % {"plan": plan},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_create(request, plan_pk):
    return _item_form(request, get_object_or_404(OperationalPlan, pk=plan_pk))


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, pk):
    item = get_object_or_404(PlanItem.objects.select_related("plan"), pk=pk)
    return _item_form(request, item.plan, item)


@coordinator_required
@require_POST
def plan_pdf_generate(request, pk):
    plan = get_object_or_404(OperationalPlan, pk=pk)
    transaction.on_commit(lambda: plan_pdf_render.delay(plan.pk))
    messages.success(request, _("The PDF is being prepared; it appears on the plan's page."))
    return redirect(plan)
