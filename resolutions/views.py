"""Public and member pages: the register, a resolution with its vote, strategy and plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import roles
from core.forms import add_service_errors
from core.lazy import lazy_values
from core.storage import private_file_response

from . import selectors, services
from .access import (
    can_manage_resolutions,
    get_resolution_for,
    plan_reader_required,
    resolution_manager_required,
)
from .electorate import electorate_left_out
from .forms import BallotForm, ProxyForm, RegisterFilterForm, ResolutionForm, VoteOpenForm
from .models import OperationalPlan, Resolution, ResolutionAttachment, Strategy

RESOLUTIONS_PER_PAGE = 25


@require_safe
def register(request):
    """The register of resolutions: what the visitor may see, filtered and searched."""
    managing = can_manage_resolutions(request.user)
    visible = selectors.resolutions_visible_to(request.user, managing=managing)

    def listing():
        form = RegisterFilterForm(request.GET or None, years=selectors.register_years(visible))
        filters = {}
        if form.is_bound:
            form.is_valid()
            # A filter with a bad value is dropped; the others still apply.
            filters = form.cleaned_data
        resolutions = selectors.resolutions_filtered(
            visible.published(),
            body=filters.get("body"),
            year=filters.get("year"),
            outcome=filters.get("outcome"),
            query=filters.get("q"),
        )
        page = Paginator(resolutions, RESOLUTIONS_PER_PAGE).get_page(request.GET.get("page"))
        return {"form": form, "page_obj": page, "resolutions": page.object_list}

    if managing:
        visibility = "all"
    elif request.user.is_authenticated:
        visibility = selectors.resolutions_visibility_key(visible)
    else:
        visibility = "public"
    return render(
        request,
        "resolutions/register.html",
        {
            **lazy_values(listing, "form", "page_obj", "resolutions"),
            "visibility": visibility,
            "can_manage": managing,
            "drafts": visible.filter(status=Resolution.Status.DRAFT) if managing else None,
        },
    )


def _detail_context(request, resolution, **extra):
    user = request.user
    context = {
        "resolution": resolution,
        "can_manage": can_manage_resolutions(user),
        "attachments": resolution.attachments.all(),
    }
    if user.is_authenticated and resolution.is_open:
        voter = selectors.voter_of(resolution=resolution, user=user)
        held = selectors.vote_held_by(resolution=resolution, user=user)
        if held is not None and held.proxy_id is not None:
            held.vote_cast_exists = hasattr(held, "vote_cast")
        context["voter"] = voter
        context["held_vote"] = held
        if voter is not None:
            # Only a named vote has a ballot to show; a secret one was cast, and that is all.
            current = getattr(voter, "ballot", None)
            context["current_ballot"] = current
            context["vote_cast"] = getattr(voter, "vote_cast", None)
            context["ballot_form"] = BallotForm(
                initial={"choice": current.choice} if current else None
            )
            context["other_votes"] = selectors.other_votes_of(
                resolution=resolution, user=user, voter=voter
            )
    if roles.is_coordinator(user) and resolution.status != Resolution.Status.DRAFT:
        context["proxies"] = selectors.proxies_of(resolution)
    if context["can_manage"] and resolution.status != Resolution.Status.DRAFT:
        context["left_out_recorded"] = selectors.electorate_left_out_recorded(resolution)
    if resolution.is_closed:
        context["named_votes"] = services.named_votes(resolution)
        context["participation"] = selectors.participation(resolution)
    context.update(extra)
    return context


@require_safe
def detail(request, pk):
    resolution = get_resolution_for(request.user, pk)
    return render(request, "resolutions/detail.html", _detail_context(request, resolution))


@resolution_manager_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    form = ResolutionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_draft_save(
                actor=request.user,
                data=form.resolution_data(),
                attachments=[form.cleaned_data["attachment"]]
                if form.cleaned_data["attachment"]
                else [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft resolution is saved."))
            return redirect(resolution)
    return render(request, "resolutions/form.html", {"form": form})


@resolution_manager_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk, status=Resolution.Status.DRAFT)
    form = ResolutionForm(request.POST or None, request.FILES or None, instance=resolution)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_draft_save(
                actor=request.user,
                resolution=resolution,
                data=form.resolution_data(),
                attachments=[form.cleaned_data["attachment"]]
                if form.cleaned_data["attachment"]
                else [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft resolution is saved."))
            return redirect(resolution)
    return render(request, "resolutions/form.html", {"form": form, "resolution": resolution})


@resolution_manager_required
@require_POST
def delete(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk, status=Resolution.Status.DRAFT)
    services.resolution_draft_delete(resolution=resolution, actor=request.user)
    messages.success(request, _("The draft resolution is deleted."))
    return redirect("resolutions:register")


@resolution_manager_required
@require_http_methods(["GET", "HEAD", "POST"])
def open_vote(request, pk):
    resolution = get_object_or_404(
        Resolution.objects.select_related("body"), pk=pk, status=Resolution.Status.DRAFT
    )
    form = VoteOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_open(
                resolution=resolution,
                actor=request.user,
                closes_at=form.cleaned_data["voting_closes_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Voting is open. The eligible voters are told by e-mail."))
            return redirect(resolution)
    today = timezone.localdate()
    electorate = services.electorate_of(resolution.body, on=today)
    return render(
        request,
        "resolutions/open_vote.html",
        {
            "form": form,
            "resolution": resolution,
            "electorate_size": len(electorate),
            "left_out": electorate_left_out(resolution.body, today),
        },
    )


@resolution_manager_required
@require_POST
def close_vote(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    try:
        resolution = services.vote_close(resolution=resolution, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Voting is closed. Outcome: %(outcome)s.")
            % {"outcome": resolution.get_outcome_display()},
        )
    return redirect(resolution)


@login_required
@require_POST
def vote(request, pk):
    resolution = get_resolution_for(request.user, pk)
    form = BallotForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_cast(
                resolution=resolution,
                user=request.user,
                choice=form.cleaned_data["choice"],
                voter_id=form.cleaned_data["voter"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if resolution.is_secret:
                done = _(
                    "Your vote is recorded. The vote is secret: your choice is kept without your "
                    "name, so it cannot be changed."
                )
            else:
                done = _("Your vote is recorded. You can change it until voting closes.")
            messages.success(request, done)
            return redirect(resolution)
    context = _detail_context(request, resolution, ballot_form=form)
    return render(request, "resolutions/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def proxy(request, pk):
    resolution = get_resolution_for(request.user, pk)
    held = selectors.vote_held_by(resolution=resolution, user=request.user)
    if held is None or not resolution.is_open:
        raise Http404
    form = ProxyForm(
        request.POST or None,
        request.FILES or None,
        organisation=held.organisation,
        representative=held.person,
        body=resolution.body,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proxy_grant(
                resolution=resolution,
                user=request.user,
                proxy=form.cleaned_data["proxy"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now holds the vote of your organisation.")
                % {"name": form.cleaned_data["proxy"].full_name},
            )
            return redirect(resolution)
    return render(
        request, "resolutions/proxy.html", {"form": form, "resolution": resolution, "held": held}
    )


@login_required
@require_POST
def proxy_withdraw(request, pk):
    resolution = get_resolution_for(request.user, pk)
    try:
        services.proxy_withdraw(resolution=resolution, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proxy is withdrawn; your organisation's vote is yours."))
    return redirect(resolution)


@require_safe
def pdf(request, pk):
    resolution = get_resolution_for(request.user, pk)
    return private_file_response(
        resolution.pdf,
        filename=f"{resolution.body.slug}-{resolution.number}-{resolution.year}.pdf",
        content_type="application/pdf",
    )


@require_safe
def attachment(request, pk):
    item = get_object_or_404(ResolutionAttachment, pk=pk)
    get_resolution_for(request.user, item.resolution_id)
    return private_file_response(item.file, filename=item.name)


@require_safe
def strategy(request, pk=None):
    """The cluster's strategy: the newest one, or the one asked for."""
    if pk is None:
        latest = Strategy.objects.order_by("-period_start").first()
        if latest is None:
            return render(request, "resolutions/strategy.html", {"strategy": None})
        pk = latest.pk
    try:
        item = selectors.strategy_detail(pk=pk)
    except Strategy.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "resolutions/strategy.html",
        {"strategy": item, "others": Strategy.objects.exclude(pk=item.pk)},
    )


@plan_reader_required
@require_safe
def plan(request, pk):
    item = get_object_or_404(
        OperationalPlan.objects.select_related("strategy", "adopted_by__body"), pk=pk
    )
    return render(
        request,
        "resolutions/plan.html",
        {
            "plan": item,
            "goals": selectors.plan_progress(plan=item),
            "totals": selectors.plan_totals(plan=item),
        },
    )


@plan_reader_required
@require_safe
def plan_pdf(request, pk):
    item = get_object_or_404(OperationalPlan, pk=pk)
    return private_file_response(
        item.pdf,
        filename=f"plan-{item.period_start}-{item.period_end}.pdf",
        content_type="application/pdf",
    )
