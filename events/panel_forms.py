"""Forms and filters of the coordinator's event pages."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DATETIME_INPUT_FORMATS,
    DateTimeLocalInput,
    formfield_assuming_https,
    translated_field_names,
    translations_label,
)
from members.models import ActionGroup, Organisation

from .models import Event, EventQuestion, Registration
from .selectors import registrations_search

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_EVENT_FIELDS = ("title", "description", "programme")


EVENT_FIELDSETS = [
    (_("The event"), ["kind", *translated_field_names("title")]),
    (_("Description and programme"), translated_field_names("description", "programme")),
    (
        _("When and where (Warsaw time)"),
        ["starts_at", "ends_at", "host_organisation", "venue", "online_url"],
    ),
    (
        _("Registration"),
        [
            "audience",
            "action_group",
            "capacity",
            "waitlist_enabled",
            "per_organisation_limit",
            "registration_opens_at",
            "registration_closes_at",
        ],
    ),
]


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        formfield_callback = formfield_assuming_https
        fields = [name for _legend, names in EVENT_FIELDSETS for name in names]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in translated_field_names("description", "programme")
            },
            **{
                name: DateTimeLocalInput()
                for name in (
                    "starts_at",
                    "ends_at",
                    "registration_opens_at",
                    "registration_closes_at",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in TRANSLATED_EVENT_FIELDS:
            translations_label(self, field)
        self.fields["title_pl"].required = True
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        self.fields["host_organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["action_group"].queryset = ActionGroup.objects.order_by("name")
        self.fields["registration_closes_at"].help_text = _(
            "Empty: registration closes when the event starts."
        )
        self.fields["registration_opens_at"].help_text = _(
            "Empty: registration opens when the event is published."
        )

    def clean(self):
        cleaned = super().clean()
        audience, group = cleaned.get("audience"), cleaned.get("action_group")
        if audience == Event.Audience.ACTION_GROUP and group is None:
            self.add_error("action_group", _("Choose the action group the event is for."))
        if audience != Event.Audience.ACTION_GROUP and group is not None:
            cleaned["action_group"] = None
        if not (
            cleaned.get("venue") or cleaned.get("host_organisation") or cleaned.get("online_url")
        ):
            self.add_error(
                "venue", _("Give a venue, a host member or an online link, so people know where.")
            )
        return cleaned

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in EVENT_FIELDSETS]

    def event_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


QUESTION_FIELDS = [
    "kind",
    *translated_field_names("label"),
    *translated_field_names("options"),
    "required",
]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = EventQuestion
        fields = QUESTION_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in translated_field_names("options")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("label", "options"):
            translations_label(self, field)

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed() or cleaned.get("DELETE"):
            return cleaned
        if not cleaned.get("label_pl"):
            self.add_error("label_pl", _("Write the question in Polish."))
        if cleaned.get("kind") == EventQuestion.Kind.CHOICE:
            count = len([line for line in (cleaned.get("options_pl") or "").splitlines() if line])
            if count < 2:
                self.add_error("options_pl", _("Give at least two options, one per line."))
            for code in LANGUAGE_CODES[1:]:
                text = cleaned.get(f"options_{code}") or ""
                other = len([line for line in text.splitlines() if line.strip()])
                if other and other != count:
                    self.add_error(
                        f"options_{code}",
                        _("Give as many options as in Polish, in the same order."),
                    )
        return cleaned

    def question_data(self, *, position):
        data = {name: self.cleaned_data.get(name) for name in QUESTION_FIELDS}
        data = {name: "" if value is None else value for name, value in data.items()}
        data["position"] = position
        data["id"] = self.instance.pk
        data["delete"] = bool(self.cleaned_data.get("DELETE"))
        return data


QuestionFormSet = inlineformset_factory(
    Event, EventQuestion, form=QuestionForm, extra=2, can_delete=True
)


def questions_data(formset):
    """The changed questions of a valid formset, as the event services take them."""
    return [
        form.question_data(position=position)
        for position, form in enumerate(formset.forms)
        if form.has_changed() or (form.instance.pk and form.cleaned_data.get("DELETE"))
    ]


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone registered receives it by e-mail."),
    )


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("upcoming")), ("past", _("past"))],
        method="filter_when",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Event.Status.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Event.Kind.choices, empty_label=_("All")
    )

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return queryset.filter(ends_at__gte=now)


class RegistrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, e-mail or organisation."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Registration.Status.choices, empty_label=_("All")
    )
    registrant = django_filters.ChoiceFilter(
        label=_("Registrant"),
        choices=[("member", _("people of members")), ("guest", _("guests"))],
        method="filter_registrant",
        empty_label=_("All"),
    )

    class Meta:
        model = Registration
        fields = []

    def search(self, queryset, name, value):
        return registrations_search(queryset, value)

    def filter_registrant(self, queryset, name, value):
        is_guest = Q(person__isnull=True)
        return queryset.filter(is_guest) if value == "guest" else queryset.exclude(is_guest)
