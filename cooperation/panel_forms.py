"""Forms of the coordinator's board pages: moderation, the board's rules, the figures' period."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BoardSettings, Post


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PanelPostFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status")), *Post.Status.choices]
    )

    def status_value(self):
        return self.cleaned_data.get("status", "") if self.is_valid() else ""


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The posting organisation sees it."),
    )


class BoardSettingsForm(forms.ModelForm):
    class Meta:
        model = BoardSettings
        fields = ["require_approval", "max_contacts_per_day"]


class FiguresPeriodForm(forms.Form):
    """A period of creation dates; a wrong or missing value falls back to this year so far."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )

    def period(self):
        today = timezone.localdate()
        start, end = today.replace(month=1, day=1), today
        if self.is_valid():
            start = self.cleaned_data.get("start") or start
            end = self.cleaned_data.get("end") or end
        if end < start:
            start, end = end, start
        # A period longer than anyone asks for is cut, so a hostile query string costs nothing.
        start = max(start, end - datetime.timedelta(days=366 * 20))
        return start, end
