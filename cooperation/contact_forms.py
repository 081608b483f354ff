"""Forms of the conversations and of the matching's notifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MatchSubscription
from .services import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The portal sends it by e-mail; your address is given only to the person you write to, "
            "so that they can reply."
        ),
    )


class NotificationsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Tell me of new posts that fit my organisation"),
        choices=MatchSubscription.Frequency.choices,
        widget=forms.RadioSelect,
    )
