"""Members' pages: the elections, an election with its ballot, and the candidate's consent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_service_errors
from core.storage import private_file_response

from . import selectors, services
from .access import get_election_for, member_required
from .forms import BallotForm, ConsentForm, NominateForm
from .models import Candidate, Election


@member_required
@require_safe
def election_list(request):
    person = selectors.person_of(request.user)
    return render(
        request,
        "elections/list.html",
        {
            "elections": selectors.elections_for_members(),
            "mine": set(selectors.elections_of_person(person=person).values_list("pk", flat=True)),
        },
    )


def _detail_context(request, election, **extra):
    person = selectors.person_of(request.user)
    context = {
        "election": election,
        "ballot": selectors.ballot_of(election=election),
        "may_nominate": services.nominations_open(election)
        and services.may_nominate(election=election, user=request.user),
    }
    if context["may_nominate"]:
        context["nominate_form"] = NominateForm(election=election)
    if election.status == Election.Status.VOTING and election.method == Election.Method.ELECTRONIC:
        votes = selectors.votes_of(election=election, person=person)
        context["votes"] = [
            (
                vote,
                BallotForm(
                    election=election, initial={"voter": vote.pk}, auto_id=f"vote{vote.pk}_%s"
                ),
            )
            for vote in votes
        ]
    if election.status in (Election.Status.CLOSED, Election.Status.TIED):
        context["results"] = selectors.results_of(election=election)
        context["runoff"] = election.runoffs.first()
    if election.status != Election.Status.NOMINATING:
        context["left_out_recorded"] = selectors.electorate_left_out_recorded(election=election)
    context.update(extra)
    return context


@member_required
@require_safe
def detail(request, pk):
    election = get_election_for(request.user, pk)
    return render(request, "elections/detail.html", _detail_context(request, election))


@member_required
@require_POST
def nominate(request, pk):
    election = get_election_for(request.user, pk)
    if not services.may_nominate(election=election, user=request.user):
        raise Http404
    form = NominateForm(request.POST, election=election)
    if form.is_valid():
        try:
            candidate = services.candidate_nominate(
                election=election,
                user=request.user,
                person=form.cleaned_data["person"],
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if candidate.consented_at:
                messages.success(request, _("You are a candidate."))
            else:
                messages.success(
                    request,
                    _("The candidate is nominated and asked by e-mail to consent."),
                )
            return redirect(election)
    context = _detail_context(request, election, nominate_form=form)
    return render(request, "elections/detail.html", context, status=400)


@member_required
@require_POST
def vote(request, pk):
    election = get_election_for(request.user, pk)
    form = BallotForm(request.POST, election=election)
    if form.is_valid():
        try:
            services.election_ballot_cast(
                election=election,
                user=request.user,
                candidate_ids=[candidate.pk for candidate in form.cleaned_data["candidates"]],
                voter_id=form.cleaned_data["voter"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your ballot is cast. It is secret: your choice is kept without your name, "
                    "so it cannot be changed."
                ),
            )
            return redirect(election)
    context = _detail_context(request, election, failed_form=form)
    return render(request, "elections/detail.html", context, status=400)


@member_required
@require_safe
def results_pdf(request, pk):
    election = get_election_for(request.user, pk)
    return private_file_response(
        election.results_pdf,
        filename=f"election-{election.pk}-results.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def consent(request, token):
    """The candidate's answer, through the e-mailed link: the token is the credential."""
    candidate = (
        Candidate.objects.select_related("election__body", "person")
        .filter(consent_token=token)
        .first()
    )
    if candidate is None:
        raise Http404
    election = candidate.election
    initial = {"statement": candidate.statement}
    if candidate.consented_at:
        initial["decision"] = "accept"
    elif candidate.declined_at:
        initial["decision"] = "decline"
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.candidate_consent(
                token=token, accept=accept, statement=form.cleaned_data["statement"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you: you stand in the election.")
                if accept
                else _("Thank you: you do not stand in the election."),
            )
            return redirect("elections:consent", token=token)
    return render(
        request,
        "elections/consent.html",
        {
            "candidate": candidate,
            "election": election,
            "form": form,
            "open": election.status == Election.Status.NOMINATING,
        },
    )
