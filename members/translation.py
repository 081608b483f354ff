from modeltranslation.translator import TranslationOptions, register

from .models import ActionGroup, Competence, Organisation, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


@register(ActionGroup)
class ActionGroupTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("pl",)


@register(Competence)
class CompetenceTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)
