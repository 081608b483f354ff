from modeltranslation.translator import TranslationOptions, register

from .models import FundingCall, Project


@register(FundingCall)
class FundingCallTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("pl",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("pl",)
