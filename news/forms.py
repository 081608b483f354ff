"""Forms of the news app: the panel's editors and the public newsletter forms."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeLocalInput, ModelMultipleChoiceField
from core.uploads import validate_image
from members.models import ActionGroup

from . import selectors
from .models import Article, Campaign, Page, Subscriber, Topic, translated_field_names

RESERVED_ARTICLE_SLUGS = {"feed", "category"}
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
RICH_TEXT_HELP = _(
    "HTML: paragraphs, headings (h2–h4), lists, links, bold, italics, quotes, tables and "
    "images. Anything else, scripts included, is removed when saved."
)
NEWSLETTER_CONSENT_TEXT = _(
    "I agree to receive the newsletter of %(cluster)s by e-mail on the topics I chose. The "
    "coordinator keeps my address and this consent only for sending the newsletter; I can "
    "unsubscribe at any time with the link in every message."
)


def _language_label(label, code):
    return _("%(field)s (%(language)s)") % {
        "field": label,
        "language": dict(settings.LANGUAGES)[code],
    }


class TranslatedFieldsMixin:
    """Label each per-language field with its language and mark the rich-text ones."""

    translated_fields = ()
    rich_text_fields = ()

    def _label_translations(self):
        for base in self.translated_fields:
            label = self._meta.model._meta.get_field(base).verbose_name
            for code, _name in settings.LANGUAGES:
                field = self.fields[f"{base}_{code}"]
                field.label = _language_label(label, code)
                field.required = code == settings.LANGUAGE_CODE and base in self.required_fields
                if base in self.rich_text_fields:
                    field.widget.attrs.update(rows=12, spellcheck="true", lang=code)
                    field.help_text = RICH_TEXT_HELP if code == settings.LANGUAGE_CODE else ""
                else:
                    field.widget.attrs.update(lang=code)

    def language_groups(self):
        """Yield (code, language name, bound fields) so templates show one block per language."""
        for code, name in settings.LANGUAGES:
            yield code, name, [self[f"{base}_{code}"] for base in self.translated_fields]


class ArticleForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = ("title", "lead", "body", "cover_alt")
    rich_text_fields = ("body",)
    required_fields = ("title",)

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. cooperation, logistics."),
    )

    class Meta:
        model = Article
        fields = [
            *translated_field_names("title", "lead", "body", "cover_alt"),
            "slug",
            "category",
            "cover",
            "status",
            "published_at",
        ]
        widgets = {
            "published_at": DateTimeLocalInput(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in translated_field_names("lead")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_translations()
        self.fields["published_at"].input_formats = [DATETIME_INPUT]
        self.fields["published_at"].help_text = _(
            "Required for a scheduled article; a published one without a time gets the current one."
        )
        if self.instance.pk:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_ARTICLE_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        # Only a new upload has a content type; the stored cover was checked when it came.
        if cover and hasattr(cover, "content_type"):
            validate_image(cover, max_bytes=settings.COVER_IMAGE_MAX_BYTES)
        return cover

    def clean(self):
        cleaned = super().clean()
        status, published_at = cleaned.get("status"), cleaned.get("published_at")
        if status == Article.Status.SCHEDULED and published_at is None:
            self.add_error("published_at", _("Choose when the article is to be published."))
        elif status == Article.Status.PUBLISHED and published_at is None:
            cleaned["published_at"] = timezone.now()
        if cleaned.get("cover") and not cleaned.get(f"cover_alt_{settings.LANGUAGE_CODE}"):
            self.add_error(
                f"cover_alt_{settings.LANGUAGE_CODE}",
                _("Describe the cover image for people who cannot see it."),
            )
        return cleaned

    def tag_names(self):
        return self.cleaned_data.get("tags", "").split(",")

    def article_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PageForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = ("title", "body")
    rich_text_fields = ("body",)
    required_fields = ("title",)

    class Meta:
        model = Page
        fields = ["slug", *translated_field_names("title", "body")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_translations()

    def page_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CampaignForm(TranslatedFieldsMixin, forms.ModelForm):
    translated_fields = ("subject", "body")
    rich_text_fields = ("body",)
    required_fields = ("subject", "body")

    topics = ModelMultipleChoiceField(
        label=_("Subscribers interested in"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    action_groups = ModelMultipleChoiceField(
        label=_("People of the action groups"),
        queryset=ActionGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Campaign
        fields = [*translated_field_names("subject", "body"), "to_representatives"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_translations()
        self.fields["topics"].queryset = selectors.topics()
        self.fields["action_groups"].queryset = ActionGroup.objects.order_by("name")
        if self.instance.pk:
            self.initial["topics"] = list(self.instance.topics.all())
            self.initial["action_groups"] = list(self.instance.action_groups.all())

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("topics")
            or cleaned.get("to_representatives")
            or cleaned.get("action_groups")
        ):
            raise forms.ValidationError(
                _("Choose who receives the campaign: topics, representatives or action groups.")
            )
        return cleaned

    def campaign_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CampaignSendForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label=_("When"),
        choices=[(NOW, _("Send now")), (LATER, _("Send at a set time"))],
        widget=forms.RadioSelect,
        initial=NOW,
    )
    send_at = forms.DateTimeField(
        label=_("Time"),
        required=False,
        input_formats=[DATETIME_INPUT],
        widget=DateTimeLocalInput(),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.LATER and not cleaned.get("send_at"):
            self.add_error("send_at", _("Choose when the campaign is to be sent."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    topics = ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": _("The newsletter can only be sent with your consent.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = selectors.topics()
        self.fields["consent"].label = self.consent_text()
        if not self.is_bound:
            self.initial["topics"] = list(selectors.topics().filter(code=Topic.GENERAL))

    @staticmethod
    def consent_text():
        return str(NEWSLETTER_CONSENT_TEXT) % {"cluster": settings.CLUSTER_NAME}


class PreferencesForm(forms.Form):
    topics = ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic, or unsubscribe below.")},
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = selectors.topics()


class SubscriberFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *Subscriber.State.choices],
    )
