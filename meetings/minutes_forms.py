"""Forms of the minutes: the secretary's text, and recording their approval at a later meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolutions.models import Resolution

MINUTES_MAX_CHARS = 100_000


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes (in Polish)"),
        max_length=MINUTES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 30, "lang": "pl"}),
        help_text=_("The minutes are the legal record of the meeting and are kept in Polish."),
    )


class MinutesApproveForm(forms.Form):
    resolution = forms.ModelChoiceField(
        label=_("Resolution approving the minutes"),
        queryset=Resolution.objects.none(),
        required=False,
        empty_label=_("None: approved without a resolution"),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = item.resolutions.filter(
            outcome=Resolution.Outcome.ADOPTED
        )
        self.fields["resolution"].widget.attrs["id"] = f"id_resolution_{item.pk}"
        self.auto_id = f"id_%s_{item.pk}"
