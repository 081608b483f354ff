from modeltranslation.translator import TranslationOptions, register

from .models import Article, Campaign, Page, Tag, Topic


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "cover_alt")
    required_languages = {"pl": ("title",)}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"pl": ("title",)}


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("pl",)


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("pl",)
