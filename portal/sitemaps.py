"""/sitemap.xml: every public page in the languages it exists in, with hreflang alternates.

A page of the site's own text exists in every language (its text is in the catalogues). A page
showing translated content exists in a language only when that content is translated into it,
by the rule of core/i18n.py that the page's own hreflang links follow, so the two never disagree.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements import selectors as agreement_selectors
from cooperation import selectors as cooperation_selectors
from core.i18n import translated_languages
from events import selectors as event_selectors
from members import selectors as member_selectors
from news import selectors
from projects import selectors as project_selectors
from resolutions import selectors as resolution_selectors


class _Multilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # The fields a page shows in the reader's language; () for a page of the site's own text.
    translated: tuple[str, ...] = ()

    def get_languages_for_item(self, item):
        """List the languages `item`'s page exists in, as its hreflang links do."""
        if not self.translated:
            return super().get_languages_for_item(item)
        return translated_languages(item, self.translated)


def _with_translations(*fields):
    """Name each of `fields` in every language, for `.only()` to load them in one query."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


class StaticPagesSitemap(_Multilingual):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "news:list",
            "members:directory",
            "newsletter:subscribe",
            "join:apply",
            "events:list",
            "partnerships:index",
            "cooperation:list",
            "projects:list",
            "resolutions:register",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(_Multilingual):
    changefreq = "monthly"
    translated = selectors.ARTICLE_REQUIRED

    def items(self):
        fields = _with_translations(*self.translated)
        return selectors.articles_public().only("slug", "updated_at", *fields).order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(_Multilingual):
    changefreq = "monthly"
    translated = selectors.PAGE_REQUIRED

    def items(self):
        return selectors.pages_public().only(
            "slug", "updated_at", *_with_translations(*self.translated)
        )

    def lastmod(self, page):
        return page.updated_at


class MemberProfileSitemap(_Multilingual):
    changefreq = "monthly"
    translated = ("description",)

    def items(self):
        fields = _with_translations(*self.translated)
        return (
            member_selectors.directory_organisations()
            .only("slug", "updated_at", *fields)
            .order_by("pk")
        )

    def lastmod(self, organisation):
        return organisation.updated_at


class _Updated(_Multilingual):
    changefreq = "weekly"

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(_Updated):
    translated = ("title", "description")

    def items(self):
        return event_selectors.events_visible_to(None).order_by("pk")


class PartnerSitemap(_Updated):
    translated = ("description",)

    def items(self):
        return agreement_selectors.partners_in_force()


class ResolutionSitemap(_Updated):
    translated = ("title", "content")

    def items(self):
        return resolution_selectors.resolutions_visible_to(None).order_by("pk")


class CooperationPostSitemap(_Updated):
    translated = cooperation_selectors.POST_REQUIRED

    def items(self):
        return cooperation_selectors.posts_public().order_by("pk")


class ProjectSitemap(_Updated):
    translated = ("title",)

    def items(self):
        return project_selectors.projects_public()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "news": ArticleSitemap,
    "site": PageSitemap,
    "members": MemberProfileSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
    "resolutions": ResolutionSitemap,
    "cooperation": CooperationPostSitemap,
    "projects": ProjectSitemap,
}
