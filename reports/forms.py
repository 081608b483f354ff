"""Forms of the reports' pages: the statistics' period, the cluster's profile, its team and
labels, the indicators' values and target paths, and the year of an annual report."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import formfield_assuming_https

from .models import ClusterLabel, ClusterProfile, IndicatorTarget, ManagementTeamMember
from .selectors import cluster_today

# A period longer than anyone asks for is cut, so a hostile query string costs nothing.
PERIOD_MAX_DAYS = 366 * 30
PERIOD_FIRST_DAY, PERIOD_LAST_DAY = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=help_text,
    )


class PeriodForm(forms.Form):
    """A period [start, end]; the states (members, team) are those at its end. A wrong or missing
    value falls back to this year so far; one day is a period from and to that day."""

    start = _date_field(_("From"))
    end = _date_field(
        _("To"), help_text=_("Members, the team and subscribers are counted on this day.")
    )

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = cluster_today()
        start, end = today.replace(month=1, day=1), today
        if self.is_valid():
            end = self.cleaned_data.get("end") or end
            start = self.cleaned_data.get("start") or min(start, end)
        if end < start:
            start, end = end, start
        end = min(max(end, PERIOD_FIRST_DAY), PERIOD_LAST_DAY)
        start = min(max(start, end - datetime.timedelta(days=PERIOD_MAX_DAYS)), end)
        return start, end


class ClusterProfileForm(forms.ModelForm):
    class Meta:
        model = ClusterProfile
        fields = ["english_website", "eccp_profile_url"]
        formfield_callback = formfield_assuming_https


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = ManagementTeamMember
        fields = ["name", "role", "fte", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        # A comma or a dot, as the reader's language writes decimals.
        localized_fields = ["fte"]

    def clean_fte(self):
        fte = self.cleaned_data["fte"]
        if fte is not None and not Decimal("0") < fte <= Decimal("1"):
            raise forms.ValidationError(_("The FTE must be more than 0 and at most 1."))
        return fte


class LabelForm(forms.ModelForm):
    valid_until = _date_field(
        _("valid until"),
        help_text=_("Leave empty for an ESCA label: it is valid for two years."),
    )

    class Meta:
        model = ClusterLabel
        fields = ["kind", "awarded_on", "valid_until", "awarded_by", "reference", "notes"]
        widgets = {"awarded_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class IndicatorValueForm(forms.Form):
    measured_on = _date_field(_("Date"), required=True)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("-9999999999.99"),
        max_value=Decimal("9999999999.99"),
        localize=True,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class IndicatorTargetForm(forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["start_value", "start_on", "target_value", "target_on"]
        widgets = {"start_on": DateInput(), "target_on": DateInput()}
        localized_fields = ["start_value", "target_value"]


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
