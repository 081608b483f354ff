from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EVENT_LABELS, PING


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address on the public internet; the portal posts JSON to it."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(kind, label) for kind, label in EVENT_LABELS.items() if kind != PING],
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
