"""Forms for resolutions, votes, bodies, the strategy and operational plans."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DateTimeLocalInput,
    ModelMultipleChoiceField,
    translated_field_names,
    translations_label,
)
from core.uploads import validate_document, validate_pdf
from events.models import Event
from members.models import ActionGroup, Organisation, Person

from .indicators import indicator_sources
from .models import (
    Choice,
    GoverningBody,
    Majority,
    MajorityBase,
    OperationalPlan,
    PlanItem,
    Resolution,
    StrategicGoal,
    Strategy,
)
from .services import PROXY_MAX_BYTES

DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DEFAULT_VOTING_DAYS = 7


def _default_close():
    return (timezone.localtime() + timedelta(days=DEFAULT_VOTING_DAYS)).replace(
        second=0, microsecond=0
    )


class ResolutionForm(forms.ModelForm):
    """A draft. Rules left empty take the body's default."""

    quorum_percent = forms.IntegerField(
        label=_("Quorum (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty for the body's default. A resolution may only be stricter."),
    )
    majority = forms.ChoiceField(
        label=_("Majority"),
        choices=[("", _("the body's default")), *Majority.choices],
        required=False,
    )
    majority_base = forms.ChoiceField(
        label=_("Counted against"),
        choices=[("", _("the body's default")), *MajorityBase.choices],
        required=False,
    )
    attachment = forms.FileField(label=_("Add an attachment"), required=False)

    class Meta:
        model = Resolution
        fields = [
            "body",
            *translated_field_names("title"),
            *translated_field_names("content"),
            "legal_basis",
            "is_secret",
            "is_public",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 8})
                for name in translated_field_names("content")
            },
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title", gettext("Title (%(language)s)"))
        translations_label(self, "content", gettext("Content (%(language)s)"))
        self.fields["body"].empty_label = None
        if self.instance.pk:
            for name in ("quorum_percent", "majority", "majority_base"):
                self.initial[name] = getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        if body is not None:
            for name in ("quorum_percent", "majority", "majority_base"):
                if cleaned.get(name) in (None, ""):
                    cleaned[name] = getattr(body, name)
        return cleaned

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            validate_document(attachment, max_bytes=settings.ATTACHMENT_MAX_BYTES)
        return attachment

    def resolution_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "attachment"}


class VoteOpenForm(forms.Form):
    voting_closes_at = forms.DateTimeField(
        label=_("Voting closes at"),
        widget=DateTimeLocalInput(),
        initial=_default_close,
        help_text=_("Voting opens now and closes at this time."),
    )


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect
    )
    # Which of the votes the person holds (their own, or a proxy's), when they hold several.
    voter = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ProxyPersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.full_name


class ProxyForm(forms.Form):
    proxy = ProxyPersonChoice(
        label=_("Proxy"),
        queryset=Person.objects.none(),
        help_text=_("A person of your organisation with an account in the portal."),
    )
    document = forms.FileField(
        label=_("Signed proxy document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, organisation, representative, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        condition = Q(organisation=organisation)
        if body is not None and body.proxies_to_other_members:
            # The body's rules allow another member's representative too.
            condition |= Q(
                organisation__status=Organisation.Status.ACTIVE,
                role=Person.Role.REPRESENTATIVE,
            )
            self.fields["proxy"].help_text = _(
                "A person of your organisation or another member's representative, with an "
                "account in the portal."
            )
        self.fields["proxy"].queryset = (
            Person.objects.filter(condition, user__isnull=False)
            .exclude(pk=representative.pk)
            .order_by("last_name", "first_name")
        )

    def clean_document(self):
        document = self.cleaned_data["document"]
        validate_pdf(document, max_bytes=PROXY_MAX_BYTES)
        return document


class AttendeeChoices(ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.organisation})"


class MeetingVoteForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Meeting date"), initial=timezone.localdate, **DATE_INPUT
    )
    attendees = AttendeeChoices(
        label=_("Present at the meeting"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)

    def __init__(self, *args, electorate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (
            Person.objects.filter(pk__in=[person.pk for person, _org in electorate])
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("any")), *Resolution.Outcome.choices],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [
            ("", _("any")),
            *GoverningBody.objects.values_list("slug", "name"),
        ]
        self.fields["year"].choices = [("", _("any")), *((year, year) for year in years)]


class BodyForm(forms.ModelForm):
    appointed_people = AttendeeChoices(
        label=_("Appointed people"),
        queryset=Person.objects.filter(organisation__status=Organisation.Status.ACTIVE)
        .select_related("organisation")
        .order_by("last_name", "first_name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Only for a body whose voters are the people appointed to it."),
    )

    class Meta:
        model = GoverningBody
        fields = [
            *translated_field_names("name"),
            *translated_field_names("name_genitive"),
            "slug",
            "electorate",
            "quorum_percent",
            "majority",
            "majority_base",
            "order",
            "arrears_days_without_vote",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name", gettext("Name (%(language)s)"))
        translations_label(
            self, "name_genitive", gettext("Name in resolution titles (%(language)s)")
        )
        if self.instance.pk:
            self.initial["appointed_people"] = list(
                self.instance.appointed_people.values_list("pk", flat=True)
            )

    def body_data(self):
        return {
            name: value for name, value in self.cleaned_data.items() if name != "appointed_people"
        }


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = [
            *translated_field_names("title"),
            "period_start",
            "period_end",
            *translated_field_names("vision"),
            "adopted_by",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5}) for name in translated_field_names("vision")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title", gettext("Title (%(language)s)"))
        translations_label(self, "vision", gettext("Vision (%(language)s)"))
        self.fields["adopted_by"].queryset = adopted_resolutions()


def adopted_resolutions():
    return Resolution.objects.filter(outcome=Resolution.Outcome.ADOPTED).select_related("body")


class GoalForm(forms.ModelForm):
    class Meta:
        model = StrategicGoal
        fields = [
            "code",
            *translated_field_names("title"),
            *translated_field_names("description"),
            "order",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in translated_field_names("description")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title", gettext("Title (%(language)s)"))
        translations_label(self, "description", gettext("Description (%(language)s)"))


class PlanForm(forms.ModelForm):
    class Meta:
        model = OperationalPlan
        fields = ["title", "strategy", "period_start", "period_end", "adopted_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = adopted_resolutions()


class PlanItemForm(forms.ModelForm):
    resolutions = ModelMultipleChoiceField(
        label=_("Resolutions serving this item"),
        queryset=Resolution.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    events = ModelMultipleChoiceField(
        label=_("Events serving this item"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = PlanItem
        fields = [
            "goal",
            *translated_field_names("title"),
            *translated_field_names("description"),
            "owner_kind",
            "owner_action_group",
            "owner_organisation",
            "starts_on",
            "ends_on",
            "budget",
            "indicator",
            "indicator_target",
            "indicator_source",
            "indicator_actual",
            "status",
            "progress",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in translated_field_names("description")
            },
            "starts_on": DATE_INPUT["widget"],
            "ends_on": DATE_INPUT["widget"],
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title", gettext("Title (%(language)s)"))
        translations_label(self, "description", gettext("Description (%(language)s)"))
        self.fields["goal"].queryset = StrategicGoal.objects.filter(strategy_id=plan.strategy_id)
        self.fields["owner_action_group"].queryset = ActionGroup.objects.order_by("name")
        self.fields["owner_organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["resolutions"].queryset = Resolution.objects.published().select_related("body")
        self.fields["events"].queryset = Event.objects.exclude(status=Event.Status.DRAFT).order_by(
            "-starts_at"
        )
        self.fields["progress"].widget.attrs.update(min=0, max=100)
        self.fields["indicator_source"] = forms.ChoiceField(
            label=_("Actual value from"),
            required=False,
            choices=[
                ("", _("typed by hand")),
                *((source.key, source.label) for source in indicator_sources()),
            ],
            help_text=_(
                "A value from the portal's register is computed, not typed: the actual value "
                "given here is then ignored."
            ),
        )
        if self.instance.pk:
            self.initial["resolutions"] = list(
                self.instance.resolutions.values_list("pk", flat=True)
            )
            self.initial["events"] = list(self.instance.events.values_list("pk", flat=True))

    def item_data(self):
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"resolutions", "events"}
        }
