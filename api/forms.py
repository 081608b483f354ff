"""The form that creates a personal API token."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .models import ApiToken

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("1 year")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “CRM synchronisation”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the token may do. It never does more than your account may."),
    )
    lifetime = forms.ChoiceField(label=_("Expires after"), choices=LIFETIMES, initial="90")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not roles.is_coordinator(user):
            self.fields["scopes"].choices = [
                choice
                for choice in ApiToken.Scope.choices
                if choice[0] != ApiToken.Scope.COORDINATOR_READ
            ]

    def expires_at(self):
        return timezone.now() + datetime.timedelta(days=int(self.cleaned_data["lifetime"]))
