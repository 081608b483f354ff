"""Forms of the coordinator's meeting pages: the meeting, its agenda, its documents, convening."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DATETIME_INPUT_FORMATS,
    DateTimeLocalInput,
    ModelMultipleChoiceField,
    formfield_assuming_https,
    translated_field_names,
    translations_label,
)
from core.uploads import validate_document
from members.models import Organisation, Person
from resolutions.models import GoverningBody

from . import selectors
from .models import AgendaItem, Meeting
from .services import DOCUMENT_MAX_BYTES


def _people():
    """People who may chair a meeting or take its minutes: those of active members."""
    return (
        Person.objects.filter(organisation__status=Organisation.Status.ACTIVE)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = formfield_assuming_https
        fields = [
            "body",
            "kind",
            *translated_field_names("title"),
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "chair",
            "secretary",
        ]
        widgets = {"starts_at": DateTimeLocalInput(), "ends_at": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("title",):
            translations_label(self, field)
        self.fields["title_pl"].required = True
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        self.fields["starts_at"].help_text = _("Warsaw time.")
        self.fields["body"].queryset = GoverningBody.objects.order_by("order", "name")
        self.fields["chair"].queryset = _people()
        self.fields["secretary"].queryset = _people()
        if self.instance.pk and self.instance.status != Meeting.Status.DRAFT:
            self.fields["body"].disabled = True

    def _plausible(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 2000 <= value.year <= 2200:
            raise forms.ValidationError(_("Enter a date between 2000 and 2200."), code="year")
        return value

    def clean_starts_at(self):
        return self._plausible("starts_at")

    def clean_ends_at(self):
        return self._plausible("ends_at")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("A meeting must end after it starts."))
        if not (cleaned.get("place") or cleaned.get("online_url")):
            self.add_error("place", _("Give the place, the online link, or both."))
        return cleaned

    def meeting_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AgendaItemForm(forms.ModelForm):
    resolutions = ModelMultipleChoiceField(
        label=_("Draft resolutions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            *translated_field_names("title"),
            *translated_field_names("description"),
            "election",
            "minutes_of",
            "notes",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in translated_field_names("description")
            },
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        for field in ("title", "description"):
            translations_label(self, field)
        self.fields["title_pl"].required = True
        self.fields["resolutions"].queryset = selectors.draft_resolutions_for(meeting=meeting)
        self.fields["election"].queryset = selectors.elections_for(meeting=meeting)
        self.fields["minutes_of"].queryset = selectors.earlier_meetings_for(meeting=meeting)
        if self.instance.pk:
            self.fields["resolutions"].initial = list(
                self.instance.resolutions.values_list("pk", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == AgendaItem.Kind.ELECTION and not cleaned.get("election"):
            self.add_error("election", _("Choose the election held under this item."))
        if kind == AgendaItem.Kind.MINUTES and not cleaned.get("minutes_of"):
            self.add_error("minutes_of", _("Choose the meeting whose minutes are approved."))
        return cleaned

    def item_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The whole meeting"),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload, max_bytes=DOCUMENT_MAX_BYTES)
        return upload


class ConveneForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for the short notice"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for an extraordinary meeting convened at shorter notice than the body's rules "
            "require; it is kept in the meeting's history."
        ),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
