from modeltranslation.translator import TranslationOptions, register

from .models import GoverningBody, PlanItem, Resolution, StrategicGoal, Strategy


@register(GoverningBody)
class GoverningBodyTranslation(TranslationOptions):
    fields = ("name", "name_genitive")
    required_languages = {"pl": ("name",)}


@register(Resolution)
class ResolutionTranslation(TranslationOptions):
    fields = ("title", "content")
    required_languages = ("pl",)


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("title", "vision")
    required_languages = ("pl",)


@register(StrategicGoal)
class StrategicGoalTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("pl",)


@register(PlanItem)
class PlanItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("pl",)
