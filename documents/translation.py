from modeltranslation.translator import TranslationOptions, register

from .models import Document, Folder


@register(Folder)
class FolderTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("pl",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("pl",)
