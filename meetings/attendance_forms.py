"""Forms of the meeting's register: a proxy, a check-in, a vote by name or by paper totals."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_pdf
from members.models import Organisation, Person
from resolutions.models import Choice
from resolutions.services import PROXY_MAX_BYTES

from .models import Attendance


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.organisation})"


class MeetingProxyForm(forms.Form):
    proxy = PersonChoice(
        label=_("Proxy holder"),
        queryset=Person.objects.none(),
        help_text=_(
            "A person of your organisation, or another member's representative if the "
            "body's rules allow it."
        ),
    )
    document = forms.FileField(
        label=_("Signed proxy document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, meeting, organisation, representative, **kwargs):
        super().__init__(*args, **kwargs)
        condition = Q(organisation=organisation)
        if meeting.body.proxies_to_other_members:
            condition |= Q(
                organisation__status=Organisation.Status.ACTIVE,
                role=Person.Role.REPRESENTATIVE,
            )
        self.fields["proxy"].queryset = (
            Person.objects.filter(condition)
            .exclude(pk=representative.pk)
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )

    def clean_document(self):
        document = self.cleaned_data["document"]
        validate_pdf(document, max_bytes=PROXY_MAX_BYTES)
        return document


class CheckInForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    mode = forms.ChoiceField(
        label=_("Present"), choices=Attendance.Mode.choices, initial=Attendance.Mode.IN_PERSON
    )
    q = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)


VOTE_CHOICES = [("", _("did not vote")), *Choice.choices]


class NamedVoteForm(forms.Form):
    """One choice per vote present: `vote_<person id>`; a blank one did not vote."""

    def __init__(self, *args, votes, **kwargs):
        super().__init__(*args, **kwargs)
        self.votes = votes
        for vote in votes:
            if vote.by_proxy:
                label = _("%(member)s (by proxy: %(holder)s)") % {
                    "member": vote.organisation or vote.person.full_name,
                    "holder": vote.cast_by.full_name,
                }
            else:
                label = (
                    f"{vote.person.full_name} ({vote.organisation})"
                    if vote.organisation
                    else vote.person.full_name
                )
            self.fields[f"vote_{vote.person.pk}"] = forms.ChoiceField(
                label=label, choices=VOTE_CHOICES, required=False
            )

    def choices(self):
        """The entitled person's id → choice, for the votes recorded."""
        return {
            vote.person.pk: self.cleaned_data[f"vote_{vote.person.pk}"]
            for vote in self.votes
            if self.cleaned_data.get(f"vote_{vote.person.pk}")
        }


class TotalsForm(forms.Form):
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=100000)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=100000)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=100000)
