"""/sitemap.xml: every public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements import selectors as agreement_selectors
from events import selectors as event_selectors
from members import selectors as member_selectors
from news import selectors
from resolutions import selectors as resolution_selectors


class _Multilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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
            "resolutions:register",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(_Multilingual):
    changefreq = "monthly"

    def items(self):
        return selectors.articles_public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(_Multilingual):
    changefreq = "monthly"

    def items(self):
        return selectors.pages_public().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


class MemberProfileSitemap(_Multilingual):
    changefreq = "monthly"

    def items(self):
        return member_selectors.directory_organisations().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class _Updated(_Multilingual):
    changefreq = "weekly"

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(_Updated):
    def items(self):
        return event_selectors.events_visible_to(None).order_by("pk")


class PartnerSitemap(_Updated):
    def items(self):
        return agreement_selectors.partners_in_force()


class ResolutionSitemap(_Updated):
    def items(self):
        return resolution_selectors.resolutions_visible_to(None).order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "news": ArticleSitemap,
    "site": PageSitemap,
    "members": MemberProfileSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
    "resolutions": ResolutionSitemap,
}
