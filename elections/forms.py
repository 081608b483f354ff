"""Forms for elections: the election, nominations, consent, the ballot, paper totals."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeLocalInput, ModelMultipleChoiceField
from members.models import CouncilSeat, Organisation, Person

from .models import Candidate, Election
from .services import STATEMENT_MAX

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DEFAULT_VOTING_DAYS = 7
# The biggest count a form takes: an election's ballots never come near it.
COUNT_MAX = 100_000


def _default_close():
    return (timezone.localtime() + timedelta(days=DEFAULT_VOTING_DAYS)).replace(
        second=0, microsecond=0
    )


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = [
            "body",
            *(f"title_{code}" for code in LANGUAGE_CODES),
            "target",
            "seats",
            "term_start",
            "term_end",
            "method",
            "nominations_close_at",
        ]
        widgets = {
            "term_start": DATE_INPUT["widget"],
            "term_end": DATE_INPUT["widget"],
            "nominations_close_at": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, language in settings.LANGUAGES:
            name = f"title_{code}"
            if name in self.fields:
                self.fields[name].label = gettext("Title (%(language)s)") % {
                    "language": gettext(language)
                }
        self.fields["seats"].max_value = 99
        self.fields["seats"].widget.attrs["max"] = 99
        self.fields["nominations_close_at"].help_text = _(
            "Empty: nominations stay open until voting opens."
        )

    def election_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.organisation.name})"


def eligible_candidates(election):
    """The people who may stand: of active members; for the chair, the council in office."""
    people = Person.objects.filter(organisation__status=Organisation.Status.ACTIVE)
    if election.target == Election.Target.CHAIR:
        in_office = CouncilSeat.objects.in_office(on=election.term_start)
        people = people.filter(pk__in=in_office.values("person"))
    taken = Candidate.objects.filter(election=election).values("person")
    return (
        people.exclude(pk__in=taken)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


class NominateForm(forms.Form):
    person = PersonChoice(label=_("Candidate"), queryset=Person.objects.none())
    statement = forms.CharField(
        label=_("Why this candidate (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=STATEMENT_MAX,
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = eligible_candidates(election)


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I consent to stand")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Your statement to the voters (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=STATEMENT_MAX,
    )


class CandidateChoice(ModelMultipleChoiceField):
    def label_from_instance(self, candidate):
        return f"{candidate.person.full_name} ({candidate.person.organisation.name})"


class BallotForm(forms.Form):
    candidates = CandidateChoice(
        label=_("Your choice"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    voter = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.fields["candidates"].queryset = Candidate.objects.filter(
            election=election, consented_at__isnull=False
        ).select_related("person__organisation")
        self.fields["candidates"].help_text = gettext(
            "Mark at most %(seats)s. Marking none casts a blank ballot."
        ) % {"seats": election.seats}

    def clean_candidates(self):
        chosen = self.cleaned_data["candidates"]
        if len(chosen) > self.election.seats:
            raise forms.ValidationError(
                gettext("Mark at most %(seats)s candidates.") % {"seats": self.election.seats},
                code="too_many",
            )
        return chosen


class VotingOpenForm(forms.Form):
    voting_closes_at = forms.DateTimeField(
        label=_("Voting closes at"),
        widget=DateTimeLocalInput(),
        initial=_default_close,
        required=False,
        help_text=_("For an electronic ballot: voting opens now and closes at this time."),
    )


class PaperTotalsForm(forms.Form):
    ballots = forms.IntegerField(label=_("Ballots cast"), min_value=0, max_value=COUNT_MAX)

    def __init__(self, *args, election, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        if election.participant_count and not self.is_bound:
            self.fields["ballots"].initial = election.participant_count
        for candidate in candidates:
            self.fields[f"candidate_{candidate.pk}"] = forms.IntegerField(
                label=gettext("Votes for %(name)s") % {"name": candidate.person.full_name},
                min_value=0,
                max_value=COUNT_MAX,
                initial=candidate.votes,
            )

    def totals(self):
        return {c.pk: self.cleaned_data[f"candidate_{c.pk}"] for c in self.candidates}
