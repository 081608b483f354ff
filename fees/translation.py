from modeltranslation.translator import TranslationOptions, register

from .models import FeeSchedule


@register(FeeSchedule)
class FeeScheduleTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)
