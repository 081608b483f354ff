"""The search index: one row per object of every source, with a text-search vector per language.

The index holds words, never permissions: which rows a reader may see is decided when searching,
by joining each kind to what its app's selectors show the reader. So a stale row can at worst
miss a word, never show an object to someone who may not open it. The GIN indexes and the Polish
text-search configuration are PostgreSQL's and are made by the migration there only; on SQLite
the search reads the apps' tables directly and this table stays empty.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The words of one object (an article, an event, a member...) in each language."""

    kind = models.CharField(_("kind"), max_length=24)
    object_id = models.PositiveBigIntegerField(_("object"))
    # Polish, with the fields that are not translated (names, numbers, cities).
    vector_pl = SearchVectorField(null=True)
    vector_en = SearchVectorField(null=True)
    vector_de = SearchVectorField(null=True)
    vector_fr = SearchVectorField(null=True)
    vector_ru = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(_("indexed"))

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_one_per_object"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class IndexState(models.Model):
    """The one row that remembers when the index was last brought up to date."""

    refreshed_at = models.DateTimeField(_("refreshed"), null=True, blank=True)
    rebuilt_at = models.DateTimeField(_("rebuilt"), null=True, blank=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="search_state_one_row")
        ]

    def __str__(self):
        return str(self.refreshed_at)
