"""`manage.py seed_search`: index the demo's content (run by seed_demo, after the other apps)."""

from django.core.management.base import BaseCommand

from search import services
from search.models import IndexState


class Command(BaseCommand):
    help = "Index the demo content for the search (PostgreSQL; nothing to do elsewhere)."

    def handle(self, *args, **options):
        # A second run writes nothing: the beat task keeps an existing index up to date.
        if not services.uses_index() or IndexState.objects.exists():
            return
        counts = services.search_index_rebuild()
        if counts:
            self.stdout.write(f"Search index: {sum(counts.values())} entries.")
