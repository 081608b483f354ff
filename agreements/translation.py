from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("pl",)
