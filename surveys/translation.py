from modeltranslation.translator import TranslationOptions, register

from .models import Option, Question, Section, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = ("pl",)


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("pl",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "scale_min_label", "scale_max_label")
    required_languages = {"pl": ("text",)}


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("pl",)
