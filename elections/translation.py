from modeltranslation.translator import TranslationOptions, register

from .models import Election


@register(Election)
class ElectionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("pl",)
