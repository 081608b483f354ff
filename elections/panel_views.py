"""The coordinator's panel for elections: create, nominate, open, count, paper totals, results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from .forms import ElectionForm, NominateForm, PaperTotalsForm, VotingOpenForm
from .models import Election


def _election(pk):
    return get_object_or_404(Election.objects.select_related("body", "runoff_of"), pk=pk)


@coordinator_required
@require_safe
def index(request):
    status = request.GET.get("status", "")
    elections = Election.objects.select_related("body").order_by("-created_at", "-id")
    if status in Election.Status.values:
        elections = elections.filter(status=status)
    return panel_render(
        request,
        "elections/index.html",
        {"elections": elections[:200], "statuses": Election.Status.choices, "status": status},
    )


def _form(request, election=None):
    form = ElectionForm(request.POST or None, instance=election)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.election_save(
                actor=request.user, election=election, data=form.election_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The election is saved."))
            return redirect("panel_elections:detail", pk=saved.pk)
    return panel_render(
        request,
        "elections/form.html",
        {
            "form": form,
            "election": election,
            "title": _("Edit the election") if election else _("New election"),
            "back_url": reverse("panel_elections:detail", kwargs={"pk": election.pk})
            if election
            else reverse("panel_elections:index"),
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    return _form(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    return _form(request, get_object_or_404(Election, pk=pk, status=Election.Status.NOMINATING))


def _detail(request, election, status=200, **extra):
    context = {
        "election": election,
        "candidates": selectors.candidates_of(election=election),
        "turnout": selectors.voter_turnout(election=election),
        "runoffs": election.runoffs.all(),
        "nominations_open": services.nominations_open(election),
    }
    if context["nominations_open"]:
        context["nominate_form"] = NominateForm(election=election)
    if election.status == Election.Status.NOMINATING:
        context["open_form"] = VotingOpenForm()
        context["left_out"] = selectors.electorate_left_out(
            election=election, on=timezone.localdate()
        )
    else:
        context["left_out_recorded"] = selectors.electorate_left_out_recorded(election=election)
    if election.status in (Election.Status.CLOSED, Election.Status.TIED):
        context["results"] = selectors.results_of(election=election)
    context.update(extra)
    return panel_render(request, "elections/detail.html", context, status=status)


@coordinator_required
@require_safe
def detail(request, pk):
    return _detail(request, _election(pk))


@coordinator_required
@require_POST
def nominate(request, pk):
    election = _election(pk)
    form = NominateForm(request.POST, election=election)
    if form.is_valid():
        try:
            services.candidate_nominate(
                election=election,
                user=request.user,
                person=form.cleaned_data["person"],
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The candidate is nominated and asked by e-mail to consent.")
            )
            return redirect("panel_elections:detail", pk=election.pk)
    return _detail(request, election, status=400, nominate_form=form)


def _action(request, pk, action, done):
    election = _election(pk)
    try:
        action(election=election, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("panel_elections:detail", pk=election.pk)


@coordinator_required
@require_POST
def nominations_close(request, pk):
    return _action(request, pk, services.nominations_close, _("Nominations are closed."))


@coordinator_required
@require_POST
def voting_open(request, pk):
    election = _election(pk)
    form = VotingOpenForm(request.POST)
    if form.is_valid():
        try:
            services.voting_open(
                election=election,
                actor=request.user,
                closes_at=form.cleaned_data["voting_closes_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Voting is open."))
            return redirect("panel_elections:detail", pk=election.pk)
    return _detail(request, election, status=400, open_form=form)


@coordinator_required
@require_POST
def close(request, pk):
    election = _election(pk)
    try:
        election = services.election_close(election=election, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if election.status == Election.Status.TIED:
            messages.warning(
                request, _("The election is counted: a tie leaves seats to a run-off.")
            )
        else:
            messages.success(request, _("The election is counted and closed."))
    return redirect("panel_elections:detail", pk=election.pk)


@coordinator_required
@require_POST
def cancel(request, pk):
    return _action(request, pk, services.election_cancel, _("The election is cancelled."))


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper_totals(request, pk):
    election = get_object_or_404(
        Election.objects.select_related("body"),
        pk=pk,
        method=Election.Method.PAPER,
        status=Election.Status.VOTING,
    )
    candidates = selectors.ballot_of(election=election)
    form = PaperTotalsForm(request.POST or None, election=election, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_paper_totals_record(
                election=election,
                actor=request.user,
                ballots=form.cleaned_data["ballots"],
                totals=form.totals(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The totals are entered. Close the election to count."))
            return redirect("panel_elections:detail", pk=election.pk)
    return panel_render(
        request, "elections/paper_totals.html", {"form": form, "election": election}
    )


@coordinator_required
@require_safe
def results_pdf(request, pk):
    election = _election(pk)
    return private_file_response(
        election.results_pdf,
        filename=f"election-{election.pk}-results.pdf",
        content_type="application/pdf",
    )
