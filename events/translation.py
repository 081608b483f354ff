from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventQuestion


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "programme")
    required_languages = ("pl",)


@register(EventQuestion)
class EventQuestionTranslation(TranslationOptions):
    fields = ("label", "options")
    required_languages = ("pl",)
