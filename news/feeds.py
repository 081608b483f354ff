"""The news feed per language: an Atom feed at /<lang>/news/feed/."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors


class LatestArticlesFeed(Feed):
    """Articles untranslated into the feed's language appear in Polish, as on the site."""

    feed_type = Atom1Feed

    def title(self):
        return _("News of %(cluster)s") % {"cluster": settings.CLUSTER_NAME}

    def subtitle(self):
        return _("The latest news of the cluster and its members.")

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def items(self):
        return selectors.with_content_language(selectors.articles_for_feed(), get_language())

    def _text(self, item, field):
        return getattr(item, f"{field}_{item.content_language}", "")

    def item_title(self, item):
        return self._text(item, "title")

    def item_description(self, item):
        # A lead is plain text, shown escaped on the site; Atom's <summary type="html"> is read
        # as HTML, so it goes there escaped too: a reader shows "<script>" and never runs it.
        return escape(self._text(item, "lead"))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.get_full_name() if item.author else settings.CLUSTER_NAME

    def item_categories(self, item):
        return [item.get_category_display(), *(tag.name for tag in item.tags.all())]
